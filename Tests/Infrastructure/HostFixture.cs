namespace Spaces.Tests.Infrastructure;

/// <summary>One host for a test class; tests use unique space and user names, so they do not see each other.</summary>
public class HostFixture : IAsyncLifetime
{
    private SpacesHost? _host;

    public SpacesHost Host => _host ?? throw new InvalidOperationException("The host has not started");

    protected virtual IDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync() => _host = await SpacesHost.StartAsync(Settings);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
