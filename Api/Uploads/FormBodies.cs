using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Uploads;

/// <summary>
/// Reads a form post for the routes that take one from scripts and pages. Binding <c>IFormCollection</c> would let
/// routing answer a wrong content type with an empty 415; here every refusal is typed and leaves with a code.
/// </summary>
public static class FormBodies
{
    public static async Task<IFormCollection> ReadAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            throw new SpacesException(ErrorCode.UnsupportedMediaType, "Send a form: application/x-www-form-urlencoded or multipart/form-data");
        }
        try
        {
            return await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException e)
        {
            // The framework's form limits (1,024 fields, key and value lengths, multipart headers) and malformed bodies.
            throw new SpacesException(ErrorCode.InvalidInput, $"Malformed form: {e.Message}");
        }
        catch (IOException e) when (e is not BadHttpRequestException && !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // A multipart form that ends before its closing boundary.
            throw new SpacesException(ErrorCode.InvalidInput, $"Malformed form: {e.Message}");
        }
    }
}
