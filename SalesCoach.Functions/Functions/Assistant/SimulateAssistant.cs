// Owns POST /api/assistant/simulate: a message to the assistant without WhatsApp, answered with the replies and the conversation state.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Assistant;
using SalesCoach.Core.Assistant.Conversations;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Assistant;

public sealed class SimulateAssistant(AnswerClientMessage job, TimeProvider time)
{
    public const int MaxTextLength = 4000;

    /// <param name="Phone">The client's phone, digits (a leading + and spaces are ignored).</param>
    /// <param name="Text">What the client writes (1–4000 characters).</param>
    /// <param name="MessageId">Optional id of the message; sending the same id again is a redelivery and changes nothing.</param>
    public sealed record Body(string? Phone, string? Text, string? MessageId);

    public sealed record Reply(string? Text, string? PhotoFile, Uri? PhotoUrl);

    public sealed record Response(bool Duplicate, IReadOnlyList<Reply> Replies, Conversation State, string? Order, IReadOnlyList<string> Citations, string? AnswerSource);

    [Function(nameof(SimulateAssistant))]
    [ApiOperation("Tries the WhatsApp assistant without WhatsApp: the text is handled as a message from that phone (a conversation of its own, apart from the real WhatsApp one: nothing is sent, no nudges, orders marked simulated) and the answer is what the assistant would reply, with the chunks of the knowledge base it cited and the conversation state (order details collected, handoff, stage). A manager phone can send /handoff on|off|status <phone>.", Body = typeof(Body), Response = typeof(Response))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "assistant/simulate")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<Body>(request, cancellationToken);
        var phone = AssistantOptions.Phone(body.Phone) ?? throw new InputValidationException("phone", "'phone' must be a phone number of 5–20 digits.");
        var text = body.Text?.Trim() is { Length: > 0 and <= MaxTextLength } t ? t : throw new InputValidationException("text", $"'text' must be 1–{MaxTextLength} characters.");
        var messageId = body.MessageId is null ? "sim-" + Guid.NewGuid().ToString("N") : Keys.RequireId(body.MessageId, "message_id");
        var result = await job.RunAsync(new IncomingMessage(phone, messageId, text, time.GetUtcNow(), Simulation: true), cancellationToken);
        return TypedResults.Ok(new Response(result.Duplicate, result.Replies.Select(r => new Reply(r.Text, r.PhotoFile, r.PhotoUrl)).ToList(), result.State, result.Order, result.Citations, result.AnswerSource));
    }
}
