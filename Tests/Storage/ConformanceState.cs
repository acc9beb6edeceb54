using System.Diagnostics.CodeAnalysis;
using Orleans;

namespace Spaces.Tests.Storage;

[GenerateSerializer, Alias("spaces.tests.ConformanceState")]
public sealed class ConformanceState
{
    [Id(0)]
    public string Name { get; set; } = "";

    [Id(1)]
    public int Version { get; set; }

    [Id(2)]
    public byte[] Payload { get; set; } = [];

    [Id(3)]
    public List<string> Tags { get; set; } = [];
}

/// <summary>A grain's view of its state, as Orleans' <c>GrainState&lt;T&gt;</c> but with a state that is never null.</summary>
public sealed class ConformanceGrainState(ConformanceState? state = null) : IGrainState<ConformanceState>
{
    private ConformanceState _state = state ?? new ConformanceState();

    [AllowNull]
    public ConformanceState State
    {
        get => _state;
        set => _state = value ?? new ConformanceState();
    }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
