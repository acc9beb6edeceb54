using Spaces.Api.Portal.Text;

namespace Spaces.Api.Portal.Rendering;

/// <summary>How long something has waited, as "3 min" or "1 h 5 min"; admin-operations.js writes the same words as it ticks.</summary>
public static class Ages
{
    public static string Format(PortalText text, TimeSpan age)
    {
        var seconds = (long)Math.Max(0, age.TotalSeconds);
        var minutes = seconds / 60;
        var hours = minutes / 60;
        return seconds < 60 ? text.Format("admin.age.seconds", seconds)
            : minutes < 60 ? text.Format("admin.age.minutes", minutes)
            : hours < 24 ? text.Format("admin.age.hours", hours, minutes % 60)
            : text.Format("admin.age.days", hours / 24, hours % 24);
    }
}
