using Spaces.HuggingFace;
using Spaces.Tests.Infrastructure.FakeHub;

namespace Spaces.Tests.HuggingFace;

/// <summary>Builds a <see cref="HubClient"/> against a fake Hub, with fast retries so failure tests stay quick.</summary>
internal static class HubTestClients
{
    public static HubClient For(FakeHubServer hub, string? token = null) => For(hub.BaseUrl, token);

    public static HubClient For(Uri endpoint, string? token = null)
    {
        var options = new HuggingFaceOptions
        {
            Endpoint = endpoint,
            Token = token,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
            MaxRetries = 3,
            ReadTimeout = TimeSpan.FromSeconds(10),
        };
        return new HubClient(new HttpClient(HubClient.CreateHandler()) { Timeout = TimeSpan.FromSeconds(20) }, options);
    }

    /// <summary>Deterministic bytes that differ at every position within a 251-byte cycle.</summary>
    public static byte[] Bytes(int length, int seed = 1) => [.. Enumerable.Range(0, length).Select(i => (byte)((i * 7 + seed) % 251))];
}

/// <summary>Reports synchronously, unlike <see cref="Progress{T}"/>, so a test sees every report before the download returns.</summary>
internal sealed class RecordingProgress<T> : IProgress<T>
{
    private readonly List<T> _reports = [];

    public IReadOnlyList<T> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(T value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}
