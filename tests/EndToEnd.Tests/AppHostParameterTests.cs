using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Conference.EndToEnd.Tests;

/// <summary>
/// The AppHost's model as an operator configures it (issue 7: the registration limit is the Aspire
/// parameter <c>registration-rate-limit-per-minute</c>, default 600). Only the model is built; nothing starts.
/// </summary>
public sealed class AppHostParameterTests
{
    [Theory]
    [InlineData(null, "600")]
    [InlineData("25", "25")]
    public async Task The_registration_rate_limit_is_600_unless_configured(string? configured, string expected)
    {
        var args = new List<string> { "--Infrastructure:Mode=local" };
        if (configured is not null)
        {
            args.Add($"--Parameters:registration-rate-limit-per-minute={configured}");
        }
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([.. args]);

        var parameter = builder.Resources.OfType<ParameterResource>().Single(p => p.Name == "registration-rate-limit-per-minute");

        Assert.Equal(expected, await parameter.GetValueAsync(CancellationToken.None));
    }
}
