// Owns registering the bot with Telegram: the webhook (with its secret and the update kinds used) and the command list per language.
using SalesCoach.Core.Messaging;
using SalesCoach.Core.Platform;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace SalesCoach.Core.Bot;

public sealed record BotRegistration(string WebhookUrl, IReadOnlyList<string> AllowedUpdates, IReadOnlyList<string> CommandLanguages, int Commands);

/// <summary>
/// setWebhook (url, secret_token = Bot:WebhookSecret, allowed_updates = message and callback_query: the kinds
/// the bot acts on; others are still acknowledged if they come) and setMyCommands for ru, uk, en and the default
/// list, through the shared resilience pipeline against Telegram:ApiBaseUrl.
/// </summary>
public sealed class RegisterTelegramBot(TelegramSender telegram, BotOptions options)
{
    public static readonly IReadOnlyList<UpdateType> AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery];

    public static IReadOnlyList<BotCommand> Commands(string language)
    {
        var t = new BotTexts(language);
        BotCommand C(string name, string description) => new() { Command = name, Description = description };
        return
        [
            C("start", t.MenuTitle("").Split(',')[0]),
            C("leads", t.Leads),
            C("sales", t.Sales),
            C("deals", t.Deals),
            C("deal", t.Deals + " #id"),
            C("plan", t.Plan),
            C("stats", t.Stats),
            C("chats", t.Chats),
        ];
    }

    public async Task<BotRegistration> RunAsync(string? url, CancellationToken cancellationToken)
    {
        var target = string.IsNullOrWhiteSpace(url) ? options.WebhookUrl : url;
        if (string.IsNullOrWhiteSpace(target) || !Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InputValidationException("url", "The webhook address must be an absolute https:// URL (the body's url, else Bot__WebhookUrl).");
        }
        if (string.IsNullOrEmpty(options.WebhookSecret))
        {
            throw new UnprocessableException("Bot:WebhookSecret", "Set Bot__WebhookSecret first: the webhook refuses every delivery without it.");
        }
        if (!telegram.IsConfigured)
        {
            throw new UnprocessableException("Telegram:BotToken", "Set Telegram__BotToken first: there is no bot to register.");
        }
        await telegram.CallAsync(async (client, token) =>
        {
            await client.SetWebhook(uri.AbsoluteUri, secretToken: options.WebhookSecret, allowedUpdates: AllowedUpdates, cancellationToken: token).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        foreach (var language in Languages.Supported)
        {
            await telegram.CallAsync(async (client, token) =>
            {
                await client.SetMyCommands(Commands(language), languageCode: language, cancellationToken: token).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        await telegram.CallAsync(async (client, token) =>
        {
            await client.SetMyCommands(Commands(Languages.English), cancellationToken: token).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return new BotRegistration(uri.AbsoluteUri, AllowedUpdates.Select(u => Json.Name(u.ToString())).ToList(), [.. Languages.Supported, "default"], Commands(Languages.English).Count);
    }
}
