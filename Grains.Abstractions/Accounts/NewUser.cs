using Orleans;

namespace Spaces.Grains.Abstractions.Accounts;

[GenerateSerializer, Immutable, Alias("spaces.new-user")]
public sealed record NewUser([property: Id(0)] string Username, [property: Id(1)] Secret Password, [property: Id(2)] bool IsAdmin);
