namespace Spaces.Grains.Abstractions.Errors;

/// <summary>
/// Every way the service refuses a call. Mapped once to HTTP problem details (status + <c>code</c>) and to hub
/// errors, so a rejection reads the same whichever door it came through.
/// </summary>
public enum ErrorCode
{
    InvalidInput,
    InvalidFileName,
    InputNotEnabled,
    PayloadTooLarge,
    Unauthorized,
    Forbidden,
    InvalidCredentials,
    LockedOut,
    UsernameTaken,
    SpaceNotFound,
    RequestNotFound,
    FileNotFound,
    TokenNotFound,
    ChannelNotFound,
    NoWorkerConnected,
    QueueFull,
    SpaceAlreadyHasWorker,
    DuplicateSpaceName,
    RequestNotCancellable,
    RequestNotProcessing,
    DatasetNotFound,
    DatasetBusy,
    InvalidSplit,
    UnsupportedImage,
    UnsupportedMediaType,
    CrossSiteRequest,
    TooManyRequests,

    // New codes go last: Orleans serializes SpacesException.Code by number, so hosts of two builds read each other alike.
    UserQueueLimit,

    /// <summary>The current password given to change it is wrong; the caller stays signed in (unlike <see cref="InvalidCredentials"/>).</summary>
    WrongPassword,

    /// <summary>A grain-storage write failed; nothing was changed.</summary>
    StorageUnavailable,
}
