using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using Spaces.Silo.Jobs;

namespace Spaces.Silo.Hosting;

/// <summary>
/// A silo without HTTP that joins the cluster of <c>Spaces:Cluster</c> and runs dataset jobs: the same silo
/// configuration and grains as a web host's co-hosted silo, so any grain may also activate here.
/// </summary>
public static class JobSilo
{
    public static IHost Build(string[] args, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        configure?.Invoke(builder);
        var settings = SpacesStorageSettings.From(builder.Configuration);
        if (settings.Mode != StorageMode.AzureStorage)
        {
            throw new InvalidOperationException(
                $"A job silo joins a cluster: set {SpacesStorageSettings.StorageKey}=AzureStorage and ConnectionStrings:AzureStorage "
                + "(the embedded mode has one silo, the web host's)");
        }
        if (!builder.Configuration.GetValue($"{JobRunnerOptions.Section}:{nameof(JobRunnerOptions.Enabled)}", true))
        {
            throw new InvalidOperationException(
                $"{JobRunnerOptions.Section}:{nameof(JobRunnerOptions.Enabled)} is false: a job silo that runs no jobs has no work");
        }
        builder.UseOrleans(silo => silo.UseSpacesSilo(builder.Configuration));
        builder.Services.AddSilo(builder.Configuration);
        return builder.Build();
    }
}
