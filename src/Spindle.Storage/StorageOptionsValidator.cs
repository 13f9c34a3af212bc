using Microsoft.Extensions.Options;

namespace Spindle.Storage;

/// <summary>Rejects a storage configuration at start-up, naming the configuration key at fault.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        var isSqlite = string.Equals(options.Provider, StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase);
        if (!isSqlite && !options.IsPostgres)
        {
            failures.Add($"{StorageOptions.Section}:Provider must be '{StorageOptions.Sqlite}' or '{StorageOptions.Postgres}', not '{options.Provider}'.");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add($"{StorageOptions.Section}:DataDirectory must not be empty.");
        }

        if (options.IsPostgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add(
                $"{StorageOptions.Section}:ConnectionString is required when {StorageOptions.Section}:Provider is '{StorageOptions.Postgres}' " +
                "(environment variable Spindle__Storage__ConnectionString).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
