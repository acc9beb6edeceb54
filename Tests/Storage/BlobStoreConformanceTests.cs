using System.Security.Cryptography;
using Spaces.Silo.Blobs;

namespace Spaces.Tests.Storage;

/// <summary>What every <see cref="IBlobStore"/> must do, run over the filesystem store and the Azure Blob one. Names are unique per test.</summary>
public abstract class BlobStoreConformanceTests
{
    private readonly string _root = $"t{Guid.NewGuid():N}";

    protected abstract Task<IBlobStore> StoreAsync();

    [Fact]
    public async Task Put_ThenOpenRead_RoundTripsTheBytesAndLength()
    {
        var store = await StoreAsync();
        var bytes = RandomBytes(100_000);

        var length = await store.PutAsync(Name("a", "file.bin"), new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal(bytes.Length, length);
        Assert.Equal(bytes, await ReadAllAsync(store, Name("a", "file.bin")));
    }

    [Fact]
    public async Task Put_EmptyStream_StoresAnEmptyBlob()
    {
        var store = await StoreAsync();

        Assert.Equal(0, await store.PutAsync(Name("empty"), new MemoryStream(), CancellationToken.None));
        Assert.Empty(await ReadAllAsync(store, Name("empty")));
    }

    [Fact]
    public async Task Put_AStreamOfUnknownLength_IsStoredWhole()
    {
        var store = await StoreAsync();
        const long Length = 9L * 1024 * 1024 + 17;

        var written = await store.PutAsync(Name("streamed"), new GeneratedStream(Length), CancellationToken.None);

        Assert.Equal(Length, written);
        await using var read = await store.OpenReadAsync(Name("streamed"), CancellationToken.None) ?? throw new InvalidOperationException("missing");
        Assert.Equal(await HashAsync(new GeneratedStream(Length)), await HashAsync(read));
    }

    [Fact]
    public async Task OpenRead_ThenSeek_ReadsTheRangeAsked()
    {
        var store = await StoreAsync();
        var bytes = RandomBytes(6 * 1024 * 1024);
        await store.PutAsync(Name("ranged"), new MemoryStream(bytes), CancellationToken.None);

        await using var read = await store.OpenReadAsync(Name("ranged"), CancellationToken.None) ?? throw new InvalidOperationException("missing");
        Assert.True(read.CanSeek);
        Assert.Equal(bytes.Length, read.Length);
        read.Position = bytes.Length - 1000;
        var tail = new byte[1000];
        await read.ReadExactlyAsync(tail);
        read.Seek(4_000_000, SeekOrigin.Begin);
        var middle = new byte[10];
        await read.ReadExactlyAsync(middle);

        Assert.Equal(bytes[^1000..], tail);
        Assert.Equal(bytes[4_000_000..4_000_010], middle);
    }

    [Fact]
    public async Task Put_OverAnExistingBlob_ReplacesIt()
    {
        var store = await StoreAsync();
        await store.PutAsync(Name("over"), new MemoryStream(RandomBytes(5000)), CancellationToken.None);

        var replacement = RandomBytes(10);
        await store.PutAsync(Name("over"), new MemoryStream(replacement), CancellationToken.None);

        Assert.Equal(replacement, await ReadAllAsync(store, Name("over")));
    }

    [Fact]
    public async Task OpenRead_Missing_IsNull()
    {
        var store = await StoreAsync();

        Assert.Null(await store.OpenReadAsync(Name("never", "written"), CancellationToken.None));
    }

    [Fact]
    public async Task Delete_RemovesTheBlob_AndAMissingOneIsNoError()
    {
        var store = await StoreAsync();
        await store.PutAsync(Name("gone"), new MemoryStream([1]), CancellationToken.None);

        await store.DeleteAsync(Name("gone"), CancellationToken.None);
        await store.DeleteAsync(Name("gone"), CancellationToken.None);

        Assert.Null(await store.OpenReadAsync(Name("gone"), CancellationToken.None));
    }

    [Fact]
    public async Task DeletePrefix_RemovesThatFolderOnly()
    {
        var store = await StoreAsync();
        string[] doomed = [Name("req", "x", "001"), Name("req", "x", "results", "u1")];
        string[] kept = [Name("req", "xy", "001"), Name("req", "x.txt"), Name("other", "x", "001")];
        foreach (var name in doomed.Concat(kept))
        {
            await store.PutAsync(name, new MemoryStream([7]), CancellationToken.None);
        }

        await store.DeletePrefixAsync(Name("req", "x") + "/", CancellationToken.None);
        await store.DeletePrefixAsync(Name("never") + "/", CancellationToken.None);

        foreach (var name in doomed)
        {
            Assert.Null(await store.OpenReadAsync(name, CancellationToken.None));
        }
        foreach (var name in kept)
        {
            Assert.Equal([7], await ReadAllAsync(store, name));
        }
    }

    [Fact]
    public async Task List_NamesTheBlobsUnderAFolder_InOrdinalOrder()
    {
        var store = await StoreAsync();
        string[] listed = [Name("list", "x", "b"), Name("list", "x", "a", "deep"), Name("list", "x", "B")];
        foreach (var name in listed.Append(Name("list", "xy", "c")).Append(Name("list", "x.txt")))
        {
            await store.PutAsync(name, new MemoryStream([1]), CancellationToken.None);
        }

        var names = await store.ListAsync(Name("list", "x") + "/", CancellationToken.None).ToListAsync();

        Assert.Equal(listed.Order(StringComparer.Ordinal), names);
        Assert.Empty(await store.ListAsync(Name("never") + "/", CancellationToken.None).ToListAsync());
        Assert.Contains(Name("list", "x.txt"), await store.ListAsync("", CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task UnsafeNames_AreRefused()
    {
        var store = await StoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync($"{_root}/../escape", new MemoryStream([1]), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync($"{_root}/a b", CancellationToken.None));
    }

    [Fact]
    public async Task Ping_IsTrue()
    {
        var store = await StoreAsync();

        Assert.True(await store.PingAsync(CancellationToken.None));
    }

    private string Name(params string[] segments) => BlobNames.Join([_root, .. segments]);

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]> ReadAllAsync(IBlobStore store, string name)
    {
        await using var read = await store.OpenReadAsync(name, CancellationToken.None) ?? throw new InvalidOperationException($"{name} is missing");
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static async Task<string> HashAsync(Stream stream) => Convert.ToHexString(await SHA256.HashDataAsync(stream));

    /// <summary>Deterministic bytes of a given length that cannot seek or tell their length, like a request body.</summary>
    private sealed class GeneratedStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, length - _position);
            for (var i = 0; i < count; i++)
            {
                buffer[i] = (byte)((_position + i) * 31 % 251);
            }
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
