namespace Spaces.Silo.Datasets.Readers;

/// <summary>A dataset file that cannot be read as its format; the message says where and why, for the user.</summary>
public sealed class DatasetFormatException(string message, Exception? inner = null) : Exception(message, inner);
