using SalesCoach.Core.Platform;

namespace SalesCoach.Tests.Fakes;

/// <summary>
/// Tests of an LLM-backed part against the loopback Azure OpenAI: a fresh fake per test and a client
/// pointed at it, retrying once after <see cref="RetryDelay"/> (a scripted 429 or 5xx is retried, a
/// second one gives up quickly).
/// </summary>
public abstract class LoopbackLlmTests : IAsyncLifetime
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(10);

    protected FakeAzureOpenAiServer OpenAi { get; private set; } = null!;

    protected AzureOpenAiChat Chat { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        OpenAi = await FakeAzureOpenAiServer.StartNewAsync();
        Chat = new AzureOpenAiChat(new OpenAiOptions
        {
            Endpoint = OpenAi.BaseAddress.ToString(),
            Deployment = FakeAzureOpenAiServer.Deployment,
            ApiKey = FakeAzureOpenAiServer.Key,
            MaxRetries = 1,
            RetryBaseDelay = RetryDelay,
        }, new HttpClient(), TimeProvider.System);
    }

    public virtual async Task DisposeAsync()
    {
        Chat.Dispose();
        await OpenAi.DisposeAsync();
    }
}
