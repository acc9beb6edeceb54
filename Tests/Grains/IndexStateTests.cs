using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Serialization;
using Spaces.Grains;

namespace Spaces.Tests.Grains;

/// <summary>An index's ids are stored as one string, and a state stored before, one string per id, still reads.</summary>
public sealed class IndexStateTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private Serializer Serializer => _services.GetRequiredService<Serializer>();

    [Fact]
    public void Ids_RoundTrip_InOrder_AsOneStoredString()
    {
        var state = new IndexState { Ids = [.. Enumerable.Range(0, 1000).Select(i => $"{Guid.NewGuid():N}-{i}")] };

        var bytes = Serializer.SerializeToArray(state);
        var read = Serializer.Deserialize<IndexState>(bytes)!;

        Assert.Equal(state.Ids, read.Ids);
        // One string: the ids' characters and little else (a string per id would add a header and a length to each).
        Assert.InRange(bytes.Length, state.Ids.Sum(id => id.Length), state.Ids.Sum(id => id.Length + 1) + 64);
    }

    [Fact]
    public void Empty_RoundTripsEmpty()
    {
        var read = Serializer.Deserialize<IndexState>(Serializer.SerializeToArray(new IndexState()))!;

        Assert.Empty(read.Ids);
    }

    [Fact]
    public void StateStoredAsOneStringPerId_ReadsItsIds_AndIsWrittenBackAsOneString()
    {
        var stored = new StoredBeforeIndexState { Ids = ["first", "second", "third"] };

        var read = Serializer.Deserialize<IndexState>(Serializer.SerializeToArray(stored))!;
        var rewritten = Serializer.Deserialize<IndexState>(Serializer.SerializeToArray(read))!;

        Assert.Equal(["first", "second", "third"], read.Ids);
        Assert.Equal(read.Ids, rewritten.Ids);
        Assert.Equal("first\nsecond\nthird", read.Packed);
    }

    public void Dispose() => _services.Dispose();
}

/// <summary>The shape <see cref="IndexState"/> had before its ids were packed: field 0, one string per id.</summary>
[GenerateSerializer]
public sealed class StoredBeforeIndexState
{
    [Id(0)] public List<string> Ids { get; set; } = [];
}
