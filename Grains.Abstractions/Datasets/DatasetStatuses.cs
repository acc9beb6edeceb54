namespace Spaces.Grains.Abstractions.Datasets;

/// <summary>A dataset's life: <c>pending → downloading → ready → tokenizing → ready</c>, or <c>error</c> until the user acts.</summary>
public static class DatasetStatuses
{
    public const string Pending = "pending";
    public const string Downloading = "downloading";
    public const string Ready = "ready";
    public const string Tokenizing = "tokenizing";
    public const string Error = "error";

    /// <summary>A job is running for the dataset: it cannot start another one.</summary>
    public static bool IsBusy(string status) => status is Pending or Downloading or Tokenizing;
}
