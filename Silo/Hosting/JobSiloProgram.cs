using Microsoft.Extensions.Hosting;

namespace Spaces.Silo.Hosting;

/// <summary>The entry point of the headless job silo (<c>dotnet Spaces.Silo.dll</c>); the web host's is the Api's.</summary>
public static class JobSiloProgram
{
    public static async Task Main(string[] args) => await JobSilo.Build(args).RunAsync();
}
