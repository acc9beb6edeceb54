using Orleans.Dashboard;
using Spaces.Api.Auth;

namespace Spaces.Api.Portal;

public static class DashboardSetup
{
    /// <summary>Under the portal's admin area, whose pages share the policy.</summary>
    public const string Path = "/admin/dashboard";

    /// <summary>
    /// Orleans' dashboard (silos, grains, reminders, grain state) for admins only: it shows keys and state, so every
    /// route of it carries the admin policy; the data comes from every silo's <c>AddDashboard</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapSpacesDashboard(this IEndpointRouteBuilder routes)
    {
        routes.MapOrleansDashboard(Path).RequireAuthorization(AuthSetup.AdminPolicy).WithMetadata(new OperatorDashboardEndpoint());
        return routes;
    }

    /// <summary>
    /// Marks the dashboard's routes: Orleans' own handlers, which answer bad input their own way (not our problem details);
    /// what is ours on them is the admin policy, which refuses everyone else with a code before a handler runs.
    /// </summary>
    public sealed class OperatorDashboardEndpoint;
}
