namespace Spaces.HuggingFace;

/// <summary>Why a Hub call failed; callers branch on this, users read the exception message.</summary>
public enum HuggingFaceErrorKind
{
    RepositoryNotFound,
    RevisionNotFound,
    EntryNotFound,
    Gated,
    Unauthorized,
    Forbidden,
    Disabled,
    UnsafePath,
    TooManyRedirects,
    InvalidResponse,
    Unavailable,
    TransferFailed,
    HttpError,
}
