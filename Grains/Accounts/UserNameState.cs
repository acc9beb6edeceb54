using Orleans;

namespace Spaces.Grains.Accounts;

[GenerateSerializer, Alias("spaces.user-name-state")]
public sealed class UserNameState
{
    [Id(0)] public string? UserId { get; set; }
}
