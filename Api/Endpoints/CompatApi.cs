using Spaces.Api.Auth;
using Spaces.Api.Uploads;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Silo.Runtime;
using Spaces.Silo.Stores;

namespace Spaces.Api.Endpoints;

/// <summary>
/// The form routes of the Flask portal this service replaces, kept for its scripts and clients.
/// <c>POST /login</c> is the portal's own sign-in page (<c>Portal/Pages/Account/Login</c>), which takes the same form.
/// </summary>
public static class CompatApi
{
    public sealed record SubmitAnswer(bool Success, string? RequestId = null, string? Error = null, string? Code = null);

    public sealed record StatusAnswer(bool Success, string? Status = null, double? Progress = null, object? Result = null, string? Error = null);

    public static IEndpointRouteBuilder MapCompatApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/admin/space/add", async (HttpContext context, GrainFactory grains) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var card = form["card_type"].ToString();
            if (card.Length > 0 && card != "websockets")
            {
                throw new SpacesException(ErrorCode.InvalidInput, $"Unsupported card_type '{card}'; this service hosts websockets spaces");
            }
            bool On(string field) => form[field].ToString() is "on" or "true" or "1";
            var inputs = new SpaceInputs(On("ws_enable_prompt"), On("ws_enable_audio"), On("ws_enable_video"), On("ws_enable_image"), On("ws_enable_file"));
            var cover = form["cover"].ToString();
            var space = await grains.GetSpace(Guid.NewGuid().ToString("N")).CreateAsync(
                new SpaceDefinition(form["name"].ToString(), form["description"].ToString(), inputs, cover.Length > 0 ? cover : null),
                context.User.RequiredUserId());
            return TypedResults.Redirect($"/spaces/{space.Id}");
        }).DisableAntiforgery().RequireAuthorization(AuthSetup.AdminPolicy).WithTags("Compatibility");

        routes.MapPost("/websockets/submit/{spaceId}", async (string spaceId, HttpContext context, SpaceSubmissions submissions) =>
        {
            try
            {
                var accepted = await submissions.SubmitAsync(context, spaceId);
                return TypedResults.Json(new SubmitAnswer(true, accepted.RequestId));
            }
            catch (SpacesException e)
            {
                return TypedResults.Json(new SubmitAnswer(false, Error: e.Detail, Code: e.Code.ToString()), statusCode: Errors.ErrorStatus.Of(e.Code));
            }
        }).DisableAntiforgery().RequireAuthorization(AuthSetup.UserPolicy).WithTags("Compatibility");

        routes.MapGet("/websockets/status", async (string? request_id, HttpContext context, IRequestQueries requests, CancellationToken ct) =>
        {
            var request = string.IsNullOrEmpty(request_id) ? null : await requests.GetAsync(request_id, ct);
            if (request is null || !context.User.CanSee(request))
            {
                return TypedResults.Json(new StatusAnswer(false, Error: "Request not found"), statusCode: StatusCodes.Status404NotFound);
            }
            var view = request.View;
            return TypedResults.Json(new StatusAnswer(true, view.Status, view.Progress, view.Result, view.Error));
        }).RequireAuthorization(AuthSetup.UserPolicy).WithTags("Compatibility");

        return routes;
    }
}
