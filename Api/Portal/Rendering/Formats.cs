using System.Globalization;

namespace Spaces.Api.Portal.Rendering;

/// <summary>
/// Numbers, sizes and percentages written exactly as <c>number()</c>, <c>bytes()</c> and <c>percent()</c> write them
/// in the scripts (text.js), so a value redrawn live never changes its form.
/// </summary>
public static class Formats
{
    private static readonly string[] Units = ["B", "KB", "MB", "GB", "TB"];

    public static string Percent(double progress) => Number(progress, 1) + "%";

    public static string Number(double value, int fractionDigits = 0) =>
        value.ToString(fractionDigits == 0 ? "#,0" : "#,0." + new string('#', fractionDigits), CultureInfo.CurrentCulture);

    public static string Bytes(long value)
    {
        double size = value;
        var unit = 0;
        while (size >= 1024 && unit < Units.Length - 1)
        {
            size /= 1024;
            unit++;
        }
        return $"{Number(size, unit == 0 ? 0 : 1)} {Units[unit]}";
    }
}
