namespace Spaces.Grains.Abstractions.Workers;

/// <summary>One element of the answer to <c>Register(spaceNames)</c>.</summary>
public sealed record WorkerRegistration(string SpaceName, string SpaceId, string ConnectionId);
