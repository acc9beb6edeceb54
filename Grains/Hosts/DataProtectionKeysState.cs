using Orleans;

namespace Spaces.Grains.Hosts;

[GenerateSerializer, Alias("spaces.data-protection-keys-state")]
public sealed class DataProtectionKeysState
{
    /// <summary>Key elements by friendly name; a key is a few hundred bytes and one is made every 90 days.</summary>
    [Id(0)] public Dictionary<string, string> Elements { get; set; } = new(StringComparer.Ordinal);
}
