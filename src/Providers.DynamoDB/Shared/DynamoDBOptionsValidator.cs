using Orleans;
using Orleans.Runtime;

namespace Hybrid.Providers.DynamoDB.Shared;

/// <summary>
/// Checks one provider's options when the silo or client starts (Orleans runs every registered
/// <see cref="IConfigurationValidator"/> before anything connects), so a bad setting fails fast and names itself.
/// </summary>
internal sealed class DynamoDBOptionsValidator<TOptions>(TOptions options, string providerName) : IConfigurationValidator
    where TOptions : DynamoDBConnectionOptions
{
    public void ValidateConfiguration()
    {
        var errors = new List<string>();
        options.Validate(errors);
        if (errors.Count > 0)
        {
            throw new OrleansConfigurationException(
                $"Invalid {typeof(TOptions).Name} for DynamoDB provider '{providerName}': {string.Join(" ", errors)}");
        }
    }
}
