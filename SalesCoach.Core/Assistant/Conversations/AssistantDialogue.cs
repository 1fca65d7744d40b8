// Owns what the assistant says to one client message: order details, stock answers, photos, knowledge answers or a handoff, and the next state.
using System.Text.RegularExpressions;
using SalesCoach.Core.Assistant.Knowledge;
using SalesCoach.Core.Assistant.Stock;

namespace SalesCoach.Core.Assistant.Conversations;

/// <summary>An order the client confirmed, as the sheet had it at that moment.</summary>
public sealed record OrderDraft(string Number, string Product, string Color, string Size, string City, string Address, decimal Price, string Currency);

/// <summary>Photos the client asked for: a product, optionally in one colour.</summary>
public sealed record PhotoRequest(string Product, string? Color, string Item);

/// <summary>What one message leads to: the replies, the next state, and what the caller must do (photos, order, handoff).</summary>
public sealed record DialogueTurn(Conversation Next, IReadOnlyList<string> Texts, PhotoRequest? Photos = null, OrderDraft? Order = null, string? HandoffQuestion = null, KnowledgeAnswer? Knowledge = null);

/// <summary>
/// The assistant's decisions for one client message, in order: a confirmation while an order waits for it
/// (stock checked again, then the order), "I'll think about it", a bare greeting or thanks, a photo
/// request, anything about a product we sell or an order (collect product, colour, size, then city and
/// address, checking stock at each step: out of stock offers alternatives, an unknown product the closest
/// names), and otherwise a question for the knowledge base, answered only from it; when it does not
/// answer, the assistant says it will ask a manager and hands the client off.
/// </summary>
public sealed partial class AssistantDialogue(AssistantLexicon lexicon)
{
    /// <param name="knowledge">Answers a question from the knowledge base, or null when it does not answer it.</param>
    /// <param name="orderNumber">The number an order confirmed by this message gets (derived from the message, so a redelivery makes the same order).</param>
    public async Task<DialogueTurn> RespondAsync(Conversation state, string text, StockCatalog catalog, string orderNumber,
        Func<string, string, Task<KnowledgeAnswer?>> knowledge)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(knowledge);
        var s = state with { Language = Language(text) ?? state.Language };
        var lang = s.Language;
        var wordCount = AssistantLexicon.Words(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

        if (s.Stage == ConversationStage.Confirming)
        {
            if (lexicon.IsConfirmation(text))
            {
                return Confirm(s, catalog, orderNumber);
            }
            if (lexicon.IsDecline(text) && wordCount <= 4)
            {
                return new(s with { Stage = ConversationStage.Collecting, Awaiting = AwaitedDetail.None }, [Reply(lang, "order_declined")]);
            }
        }
        if (s.Stage == ConversationStage.Ordered && lexicon.IsConfirmation(text) && s.OrderNumber is { } placed)
        {
            return new(s, [Reply(lang, "already_ordered", ("number", placed))]);
        }
        if (lexicon.IsOnlyThinking(text))
        {
            return new(s, [Reply(lang, "think")]);
        }

        var match = catalog.Match(text);
        var itemChanged = false;
        if (match.Product is { } product && !string.Equals(product, s.Product, StringComparison.OrdinalIgnoreCase))
        {
            s = s.WithoutItem() with { Product = product, Stage = ConversationStage.Collecting, OrderNumber = null };
            itemChanged = true;
        }
        var filled = false;
        if (lexicon.ColorIn(text) is { } color && (s.Product is not null || s.Stage == ConversationStage.Collecting))
        {
            filled |= color != s.Color;
            itemChanged |= color != s.Color;
            s = s with { Color = color };
        }
        var bareSize = Size(text) is { } alone && AssistantLexicon.Words(text).Trim() == AssistantLexicon.Words(alone).Trim();
        if (s.Awaiting != AwaitedDetail.Address && (s.Awaiting == AwaitedDetail.Size || bareSize && s.Product is not null || match.Found || lexicon.MentionsSize(text)) && Size(text) is { } size)
        {
            filled |= size != s.Size;
            itemChanged |= size != s.Size;
            s = s with { Size = size };
        }
        if (s.Awaiting == AwaitedDetail.City && City(text) is { } city)
        {
            s = s with { City = city };
            filled = true;
        }
        else if (s.Awaiting == AwaitedDetail.Address && Address(text) is { } address)
        {
            s = s with { Address = address };
            filled = true;
        }

        if (lexicon.WantsPhoto(text))
        {
            if (s.Product is null)
            {
                return new(s with { Awaiting = AwaitedDetail.Product }, [Reply(lang, "ask_product")]);
            }
            return new(s, [], Photos: new PhotoRequest(s.Product, s.Color, Describe(s.Product, s.Color, null, lang)));
        }
        if (!match.Found && !filled && !itemChanged && wordCount <= 3)
        {
            if (lexicon.IsGreeting(text))
            {
                return new(s, [Reply(lang, "greeting")]);
            }
            if (lexicon.IsThanks(text))
            {
                return new(s, [Reply(lang, "thanks")]);
            }
        }

        var wantsItem = lexicon.WantsOrder(text) || lexicon.AsksStock(text);
        if (match.Found || filled || itemChanged || (wantsItem && (s.Product is null || s.Stage != ConversationStage.Ordered)))
        {
            if (s.Product is null)
            {
                s = s with { Stage = ConversationStage.Collecting };
                if (match.Candidates.Count > 1)
                {
                    return new(s with { Awaiting = AwaitedDetail.Product }, [Reply(lang, "ambiguous_product", ("options", string.Join(", ", match.Candidates)))]);
                }
                if (match.Candidates.Count == 1 || HasUnknownName(text))
                {
                    var closest = match.Candidates.Count > 0 ? match.Candidates : catalog.ProductsInStock();
                    return new(s with { Awaiting = AwaitedDetail.Product },
                        [Reply(lang, match.Candidates.Count > 0 ? "unknown_product" : "unknown_product_none", ("options", string.Join(", ", closest)))]);
                }
                return new(s with { Awaiting = AwaitedDetail.Product }, [Reply(lang, "ask_product")]);
            }
            return Progress(s, catalog, announceStock: itemChanged || s.Awaiting is AwaitedDetail.Color or AwaitedDetail.Size or AwaitedDetail.Product);
        }

        var answer = await knowledge(text, lang).ConfigureAwait(false);
        if (answer is null)
        {
            return new(s with { Handoff = true, HandoffReason = "question", NudgeDueAt = null }, [Reply(lang, "handoff")], HandoffQuestion: text);
        }
        // A question in the middle of an order: answer it, then ask again for what is missing.
        var texts = new List<string> { answer.Text };
        if (s.Stage == ConversationStage.Collecting && s.Awaiting != AwaitedDetail.None && s.Product is not null)
        {
            var again = Progress(s, catalog, announceStock: false);
            texts.AddRange(again.Texts);
            s = again.Next;
        }
        return new(s, texts, Knowledge: answer);
    }

    /// <summary>The next step of the order: what is missing is asked for, stock is checked as details arrive.</summary>
    private DialogueTurn Progress(Conversation s, StockCatalog catalog, bool announceStock)
    {
        var lang = s.Language;
        var product = s.Product!;
        var lines = catalog.Lines(product);
        if (!lines.Any(l => l.InStock))
        {
            return OutOfStock(s.WithoutItem() with { Stage = ConversationStage.Browsing }, catalog, product, null, null, Describe(product, null, null, lang));
        }
        if (s.Color is null)
        {
            var colors = catalog.ColorsInStock(product, s.Size);
            if (colors.Count == 1)
            {
                s = s with { Color = colors[0] };
            }
            else
            {
                var options = colors.Count > 0 ? colors : catalog.ColorsInStock(product);
                return new(s with { Awaiting = AwaitedDetail.Color }, [Reply(lang, "ask_color", ("options", string.Join(", ", options.Select(c => lexicon.ColorName(c, lang)))))]);
            }
        }
        if (!lines.Any(l => l.ColorKey == s.Color))
        {
            return OutOfStock(s with { Color = null, Awaiting = AwaitedDetail.Color }, catalog, product, s.Color, s.Size, Describe(product, s.Color, null, lang));
        }
        if (catalog.HasSizes(product) && s.Size is null)
        {
            var sizes = catalog.SizesInStock(product, s.Color);
            if (sizes.Count == 0)
            {
                return OutOfStock(s with { Color = null, Awaiting = AwaitedDetail.Color }, catalog, product, s.Color, null, Describe(product, s.Color, null, lang));
            }
            return new(s with { Awaiting = AwaitedDetail.Size }, [Reply(lang, "ask_size", ("options", string.Join(", ", sizes)))]);
        }
        var item = catalog.Find(product, s.Color, s.Size);
        if (item is not { InStock: true })
        {
            return OutOfStock(s with { Size = null, Awaiting = catalog.HasSizes(product) ? AwaitedDetail.Size : AwaitedDetail.Color, Color = catalog.HasSizes(product) ? s.Color : null },
                catalog, product, s.Color, s.Size, Describe(product, s.Color, s.Size, lang));
        }
        var stock = announceStock ? Reply(lang, "in_stock", ("item", Describe(item, lang)), ("price", AssistantLexicon.Money(item.Price, item.Currency))) + " " : "";
        if (s.City is null)
        {
            return new(s with { Stage = ConversationStage.Collecting, Awaiting = AwaitedDetail.City }, [stock + Reply(lang, "ask_city")]);
        }
        if (s.Address is null)
        {
            return new(s with { Stage = ConversationStage.Collecting, Awaiting = AwaitedDetail.Address }, [stock + Reply(lang, "ask_address")]);
        }
        var summary = Reply(lang, "summary", ("item", Describe(item, lang)), ("price", AssistantLexicon.Money(item.Price, item.Currency)), ("city", s.City), ("address", s.Address));
        return new(s with { Stage = ConversationStage.Confirming, Awaiting = AwaitedDetail.None }, [stock + Reply(lang, "confirm_order", ("summary", summary))]);
    }

    private DialogueTurn Confirm(Conversation s, StockCatalog catalog, string orderNumber)
    {
        var lang = s.Language;
        var item = s.Product is null ? null : catalog.Find(s.Product, s.Color, s.Size);
        if (item is not { InStock: true } || s.City is null || s.Address is null)
        {
            // Sold out between the summary and the "yes" (the sheet is re-read every few minutes).
            var turn = s.Product is null ? new DialogueTurn(s, []) : OutOfStock(s with { Stage = ConversationStage.Collecting, Size = null, Awaiting = AwaitedDetail.Size }, catalog, s.Product, s.Color, s.Size, Describe(s.Product, s.Color, s.Size, lang));
            return turn.Texts.Count > 0 ? turn : Progress(s with { Stage = ConversationStage.Collecting }, catalog, announceStock: true);
        }
        var order = new OrderDraft(orderNumber, item.ProductName, item.Color, item.Size, s.City, s.Address, item.Price, item.Currency);
        return new(s with { Stage = ConversationStage.Ordered, Awaiting = AwaitedDetail.None, OrderNumber = orderNumber, NudgeDueAt = null },
            [Reply(lang, "order_created", ("number", orderNumber))], Order: order);
    }

    private DialogueTurn OutOfStock(Conversation next, StockCatalog catalog, string product, string? color, string? size, string item)
    {
        var lang = next.Language;
        var alternatives = catalog.Alternatives(product, color, size);
        var offer = alternatives.Count > 0
            ? Reply(lang, "alternatives", ("options", string.Join("; ", alternatives.Select(a => Describe(a, lang) + " — " + AssistantLexicon.Money(a.Price, a.Currency)))))
            : Reply(lang, "no_alternatives");
        return new(next, [Reply(lang, "out_of_stock", ("item", item)) + " " + offer]);
    }

    private string Describe(InventoryItem item, string lang) => Describe(item.ProductName, item.ColorKey, item.Size == "-" ? null : item.Size, lang);

    private string Describe(string product, string? color, string? size, string lang)
    {
        var parts = new List<string> { product };
        if (!string.IsNullOrEmpty(color))
        {
            parts.Add(lexicon.ColorName(color, lang));
        }
        if (size is { } s && s != "-")
        {
            parts.Add(Reply(lang, "size_label") + " " + s);
        }
        return string.Join(", ", parts);
    }

    private string Reply(string lang, string key, params (string Name, string Value)[] values) => lexicon.Reply(lang, key, values);

    /// <summary>Ukrainian letters → uk; Latin letters and no Cyrillic → en; Cyrillic → ru; no letters → unknown.</summary>
    public static string? Language(string? text)
    {
        var value = text ?? "";
        if (value.Any(c => c is 'і' or 'ї' or 'є' or 'ґ' or 'І' or 'Ї' or 'Є' or 'Ґ'))
        {
            return "uk";
        }
        var cyrillic = value.Any(c => c is >= 'А' and <= 'я' or 'ё' or 'Ё');
        if (cyrillic)
        {
            return AssistantLexicon.Words(value).Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(AssistantLexicon.Default.IsUkrainianWord) ? "uk" : "ru";
        }
        return value.Any(char.IsAsciiLetter) ? "en" : null;
    }

    /// <summary>A shoe size (33–46, halves allowed) in the text: "38", "38,5", "размер 39".</summary>
    public static string? Size(string text)
    {
        var match = SizePattern().Match(text ?? "");
        return match.Success ? InventorySheet.NormalizeSize(match.Value) : null;
    }

    /// <summary>A bare city name: at most three words, no question, no digits, no question words.</summary>
    private string? City(string text)
    {
        var trimmed = (text ?? "").Trim().TrimEnd('.', '!');
        var words = AssistantLexicon.Words(trimmed).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string[] prepositions = ["в", "во", "г", "город", "у", "місто", "to", "in"];
        var rest = words.Where(w => !prepositions.Contains(w)).ToList();
        if (trimmed.Contains('?', StringComparison.Ordinal) || trimmed.Any(char.IsDigit) || rest.Count is 0 or > 3 || rest.Any(w => lexicon.StopWords.Contains(w)))
        {
            return null;
        }
        var name = string.Join(' ', trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(w => prepositions.Contains(w.ToLowerInvariant().TrimEnd('.'))));
        return name.Length is > 0 and <= 60 ? char.ToUpperInvariant(name[0]) + name[1..] : null;
    }

    /// <summary>A delivery address: not a question, 5–200 characters, with a house number or at least two words.</summary>
    private static string? Address(string text)
    {
        var trimmed = (text ?? "").Trim();
        return !trimmed.Contains('?', StringComparison.Ordinal) && trimmed.Length is >= 5 and <= 200
            && (trimmed.Any(char.IsDigit) || trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 2)
            ? trimmed
            : null;
    }

    /// <summary>Whether a stock or order message names something besides intent words, colours and sizes (a product we do not sell).</summary>
    private bool HasUnknownName(string text) =>
        AssistantLexicon.Words(text).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(w => w.Length > 2 && !w.Any(char.IsDigit) && !lexicon.StopWords.Contains(w) && lexicon.ColorIn(w) is null && !lexicon.IsIntentWord(w));

    [GeneratedRegex(@"(?<![\d.,])(?:3[3-9]|4[0-6])(?:[.,]5)?(?![\d])")]
    private static partial Regex SizePattern();
}
