namespace Spaces.Tests.Infrastructure.FakeHub;

/// <summary>
/// One request the fake saw. <see cref="Host"/> is "hub" or "cdn"; <see cref="RawTarget"/> is the path and query exactly
/// as sent (so tests can check encoding); <see cref="Authorization"/> is the header value or null.
/// </summary>
public sealed record FakeHubRequest(string Host, string Method, string RawTarget, string? Authorization, string? Range);
