using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Errors;

/// <summary>The one mapping from a refusal to its HTTP status.</summary>
public static class ErrorStatus
{
    public static int Of(ErrorCode code) => code switch
    {
        ErrorCode.InvalidInput or ErrorCode.InvalidFileName or ErrorCode.InputNotEnabled or ErrorCode.InvalidSplit
            or ErrorCode.UnsupportedImage => StatusCodes.Status400BadRequest,
        ErrorCode.Unauthorized or ErrorCode.InvalidCredentials => StatusCodes.Status401Unauthorized,
        ErrorCode.Forbidden or ErrorCode.CrossSiteRequest or ErrorCode.WrongPassword => StatusCodes.Status403Forbidden,
        ErrorCode.SpaceNotFound or ErrorCode.RequestNotFound or ErrorCode.FileNotFound or ErrorCode.TokenNotFound
            or ErrorCode.ChannelNotFound or ErrorCode.DatasetNotFound => StatusCodes.Status404NotFound,
        ErrorCode.UsernameTaken or ErrorCode.SpaceAlreadyHasWorker or ErrorCode.DuplicateSpaceName
            or ErrorCode.RequestNotCancellable or ErrorCode.RequestNotProcessing or ErrorCode.DatasetBusy => StatusCodes.Status409Conflict,
        ErrorCode.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCode.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorCode.LockedOut => StatusCodes.Status423Locked,
        ErrorCode.QueueFull or ErrorCode.UserQueueLimit or ErrorCode.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ErrorCode.NoWorkerConnected or ErrorCode.StorageUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>A <c>Retry-After</c> value in whole seconds, at least one: a client that retries at once is refused again.</summary>
    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
