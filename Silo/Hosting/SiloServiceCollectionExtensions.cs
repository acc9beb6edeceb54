using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spaces.Grains.Datasets;
using Spaces.Grains.Spaces;
using Spaces.HuggingFace;
using Spaces.Silo.Datasets;
using Spaces.Silo.Datasets.Import;
using Spaces.Silo.Datasets.Readers;
using Spaces.Silo.Datasets.Readers.Parquet;
using Spaces.Silo.Datasets.Tokenization;
using Spaces.Silo.Stores;
using Spaces.Grains.Publishing;
using Spaces.Grains.Hosts;
using Spaces.Silo.Jobs;
using Spaces.Silo.Relay;

namespace Spaces.Silo.Hosting;

public static class SiloServiceCollectionExtensions
{
    /// <summary>The grains' options, the relays, the grain-backed queries and the job runner, as configured under <c>Spaces</c>.</summary>
    public static IServiceCollection AddSilo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SpaceGrainOptions>().BindConfiguration("Spaces:Queue")
            .Validate(o => o.MaxQueueSize > 0 && o.MaxQueuedPerUser > 0 && o.MaxAttempts > 0 && o.PositionWindow >= 0
                && o.CheckInterval > TimeSpan.Zero && o.WorkerLease > TimeSpan.Zero && o.RelayTimeout > TimeSpan.Zero, "Spaces:Queue values must be positive")
            .ValidateOnStart();
        services.AddOptions<DatasetGrainOptions>().BindConfiguration(DatasetGrainOptions.Section)
            .Validate(o => o.MaxJobAttempts > 0 && o.JobCheckInterval >= TimeSpan.FromSeconds(1), "Spaces:Datasets:MaxJobAttempts must be positive and JobCheckInterval at least a second")
            .ValidateOnStart();
        services.AddOptions<ChannelOptions>().BindConfiguration(ChannelOptions.Section);
        services.AddOptions<HostDirectoryOptions>().BindConfiguration(HostDirectoryOptions.Section);
        services.AddSingleton<ChannelPublishers>();
        services.AddSingleton<HostRelay>();
        services.AddSingleton<WorkerRelay>();
        services.AddSingleton(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ISpaceQueries, GrainSpaceQueries>();
        services.AddSingleton<IRequestQueries, GrainRequestQueries>();
        services.AddSingleton<IDatasetQueries, GrainDatasetQueries>();

        services.AddDatasetPipeline();
        services.AddOptions<JobRunnerOptions>().BindConfiguration(JobRunnerOptions.Section)
            .Validate(o => o.MaxConcurrentJobs > 0, "Spaces:Jobs:MaxConcurrentJobs must be positive")
            .ValidateOnStart();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<IJobRunner>(sp => sp.GetRequiredService<JobRunner>());
        services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());
        return services;
    }

    /// <summary>The Hub client, readers, and the import and tokenize job handlers.</summary>
    private static void AddDatasetPipeline(this IServiceCollection services)
    {
        services.AddHuggingFaceHub();
        services.AddSingleton<ParquetRowReader>();
        services.AddSingleton<RowReaders>();
        services.AddSingleton<DatasetSamples>();
        services.AddSingleton<SourceFinder>();
        services.AddSingleton<TokenizerSource>();
        services.AddSingleton<IJobHandler, ImportJobHandler>();
        services.AddOptions<TokenizationOptions>().BindConfiguration(TokenizationOptions.Section)
            .Validate(o => o.TokensPerShard > 0, "Spaces:Datasets:Tokenization:TokensPerShard must be positive")
            .ValidateOnStart();
        services.AddSingleton<IJobHandler, TokenizeJobHandler>();
    }
}
