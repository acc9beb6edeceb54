using Spaces.Api.Auth;
using Spaces.Api.Errors;
using Spaces.Api.Uploads;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Spaces;
using Orleans;
using Spaces.Silo.Stores;

namespace Spaces.Api.Endpoints;

/// <summary>
/// The form routes of the Flask portal this service replaces, kept for its scripts and clients.
/// <c>POST /login</c> is the portal's own sign-in page (<c>Portal/Pages/Account/Login</c>), which takes the same form.
/// </summary>
public static class CompatApi
{
    public sealed record SubmitAnswer(bool Success, string? RequestId);

    public sealed record StatusAnswer(bool Success, string? Status = null, double? Progress = null, object? Result = null, string? Error = null);

    public static IEndpointRouteBuilder MapCompatApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/admin/space/add", async (HttpContext context, IGrainFactory grains) =>
        {
            var form = await FormBodies.ReadAsync(context.Request);
            var card = form["card_type"].ToString();
            if (card.Length > 0 && card != "websockets")
            {
                throw new SpacesException(ErrorCode.InvalidInput, $"Unsupported card_type '{card}'; this service hosts websockets spaces");
            }
            bool On(string field) => form[field].ToString() is "on" or "true" or "1";
            var inputs = new SpaceInputs(On("ws_enable_prompt"), On("ws_enable_audio"), On("ws_enable_video"), On("ws_enable_image"), On("ws_enable_file"));
            var cover = form["cover"].ToString();
            var space = await grains.GetGrain<ISpaceGrain>(Guid.NewGuid().ToString("N")).CreateAsync(
                new SpaceDefinition(form["name"].ToString(), form["description"].ToString(), inputs, cover.Length > 0 ? cover : null),
                context.User.RequiredUserId());
            return TypedResults.Redirect($"/spaces/{space.Id}");
        }).DisableAntiforgery().RequireAuthorization(AuthSetup.AdminPolicy).WithTags("Compatibility");

        // Refusals leave in the old portal's shape (CompatErrorShape), written by the one exception handler.
        routes.MapPost("/websockets/submit/{spaceId}", async (string spaceId, HttpContext context, SpaceSubmissions submissions) =>
            TypedResults.Json(new SubmitAnswer(true, (await submissions.SubmitAsync(context, spaceId)).RequestId)))
            .DisableAntiforgery().RequireAuthorization(AuthSetup.UserPolicy).WithMetadata(CompatErrorShape.Instance).WithTags("Compatibility");

        routes.MapGet("/websockets/status", async (string? request_id, HttpContext context, IRequestQueries requests, CancellationToken ct) =>
        {
            var request = string.IsNullOrEmpty(request_id) ? null : await requests.GetAsync(request_id, ct);
            if (request is null || !context.User.CanSee(request))
            {
                throw new SpacesException(ErrorCode.RequestNotFound, "Request not found");
            }
            var view = request.View;
            return TypedResults.Json(new StatusAnswer(true, view.Status, view.Progress, view.Result, view.Error));
        }).RequireAuthorization(AuthSetup.UserPolicy).WithMetadata(CompatErrorShape.Instance).WithTags("Compatibility");

        return routes;
    }
}
