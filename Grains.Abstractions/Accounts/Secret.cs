using Orleans;

namespace Spaces.Grains.Abstractions.Accounts;

/// <summary>A password on its way to the grain that hashes or checks it; never printed, whatever logs the message.</summary>
[GenerateSerializer, Immutable, Alias("spaces.secret")]
public sealed record Secret([property: Id(0)] string Value)
{
    public override string ToString() => "***";
}
