namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>The acknowledgement of a submission: once returned, the request is durable. Position 0 means processing.</summary>
public sealed record RequestAccepted(string RequestId, int Position);
