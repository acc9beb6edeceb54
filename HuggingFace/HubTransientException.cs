namespace Spaces.HuggingFace;

/// <summary>A failure worth retrying: a network error, a stalled body, a 5xx or 429. Never escapes the client.</summary>
internal sealed class HubTransientException(string message, Exception? inner = null) : Exception(message, inner);
