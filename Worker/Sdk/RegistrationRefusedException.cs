namespace Spaces.Worker.Sdk;

/// <summary>Why the server refused <c>Register</c>, read from its error text.</summary>
public enum RegistrationRefusal
{
    Other,
    SpaceNotFound,
    DuplicateSpaceName,
    SpaceAlreadyHasWorker,

    /// <summary>The server's storage did not answer: nothing was registered, and a later try may succeed.</summary>
    StorageUnavailable,
}

/// <summary>The hub refused to register this worker; <see cref="Exception.Message"/> is the server's reason.</summary>
public sealed class RegistrationRefusedException : Exception
{
    public RegistrationRefusedException(string serverMessage, Exception? innerException = null)
        : base(serverMessage, innerException)
    {
        Refusal = Classify(serverMessage);
    }

    public RegistrationRefusal Refusal { get; }

    // The hub's texts ("Space not found: X", "Multiple spaces with name found: X", "Space X already has a connected worker").
    private static RegistrationRefusal Classify(string message) =>
        HubErrorText.SaysStorageUnavailable(message) ? RegistrationRefusal.StorageUnavailable
        : message.Contains("already has a connected worker", StringComparison.OrdinalIgnoreCase) ? RegistrationRefusal.SpaceAlreadyHasWorker
        : message.Contains("Multiple spaces", StringComparison.OrdinalIgnoreCase) ? RegistrationRefusal.DuplicateSpaceName
        : message.Contains("not found", StringComparison.OrdinalIgnoreCase) ? RegistrationRefusal.SpaceNotFound
        : RegistrationRefusal.Other;
}
