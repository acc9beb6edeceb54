using System.Text.Json;
using Orleans;

namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>
/// What a dataset's job says to users: a stable <see cref="Key"/> that pages translate, its <see cref="Args"/> (a JSON
/// object: counts as numbers, anything pre-formatted as strings), and the English <see cref="Text"/> the seed's clients
/// show. Made only by <see cref="DatasetMessages"/>, so key, arguments and text always agree.
/// </summary>
[GenerateSerializer, Immutable, Alias("spaces.dataset-message")]
public sealed record DatasetMessage([property: Id(0)] string Key, [property: Id(1)] JsonElement Args, [property: Id(2)] string Text);
