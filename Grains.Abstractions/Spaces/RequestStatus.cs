namespace Spaces.Grains.Abstractions.Spaces;

public enum RequestStatus
{
    Queued,
    Processing,
    Completed,
    Failed,
    Cancelled,
}
