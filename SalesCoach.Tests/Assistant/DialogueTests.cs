// Owns the dialogue tests without storage: a whole order, stock answers, alternatives, unknown products, questions, handoff.
using Microsoft.Extensions.Logging.Abstractions;
using SalesCoach.Core.Assistant;
using SalesCoach.Core.Assistant.Conversations;
using SalesCoach.Core.Assistant.Knowledge;

namespace SalesCoach.Tests.Assistant;

public sealed class DialogueTests : IDisposable
{
    private readonly AssistantDialogue dialogue = new(AssistantLexicon.Default);
    private readonly LexicalIndex index = RetrievalEvaluation.SampleIndex();
    private readonly KnowledgeAnswerer answerer = new(NullLogger<KnowledgeAnswerer>.Instance);
    private Conversation state = Conversation.New("77001234567", simulation: true);
    private int message;

    public void Dispose() => index.Dispose();

    private async Task<DialogueTurn> Say(string text)
    {
        var turn = await dialogue.RespondAsync(state, text, StockTests.SampleCatalog(), AnswerClientMessage.OrderNumber(state.Key, $"m{++message}"), async (q, lang) =>
            await answerer.AnswerAsync(q, KnowledgeRetrieval.Retrieve(index, q, RetrievalGate.From(new AssistantOptions())), lang, default));
        state = turn.Next;
        return turn;
    }

    [Fact]
    public async Task A_whole_order_is_collected_checked_against_stock_and_created_on_yes()
    {
        Assert.Contains("Какой цвет", (await Say("Здравствуйте! Хочу заказать лоферы Милан")).Texts.Single());
        var size = (await Say("черные")).Texts.Single();
        Assert.Contains("Какой размер", size);
        Assert.Contains("37, 38", size); // 39 is sold out in black
        var city = (await Say("38")).Texts.Single();
        Assert.Contains("есть в наличии, 32 000 ₸", city);
        Assert.Contains("В какой город", city);
        Assert.Contains("адрес", (await Say("Алматы")).Texts.Single());
        var confirm = (await Say("ул. Абая 10, кв 5")).Texts.Single();
        Assert.Contains("Лоферы Милан, чёрный, размер 38, 32 000 ₸; доставка: Алматы, ул. Абая 10, кв 5", confirm);
        Assert.Equal(ConversationStage.Confirming, state.Stage);

        var placed = await Say("да");
        Assert.NotNull(placed.Order);
        Assert.Equal(("Лоферы Милан", "38", "Алматы", 32000m), (placed.Order!.Product, placed.Order.Size, placed.Order.City, placed.Order.Price));
        Assert.Contains(placed.Order.Number, placed.Texts.Single());
        Assert.Equal(ConversationStage.Ordered, state.Stage);
        Assert.Null((await Say("да")).Order); // a second yes places nothing
    }

    [Fact]
    public async Task A_size_sold_out_says_so_and_offers_what_is_in_stock()
    {
        await Say("Есть лоферы Милан в черном?");
        var reply = (await Say("39")).Texts.Single();
        Assert.Contains("нет в наличии", reply);
        Assert.Contains("Могу предложить", reply);
        Assert.Equal(AwaitedDetail.Size, state.Awaiting);
        Assert.Contains("В какой город", (await Say("37")).Texts.Single()); // the client picks another size and the order goes on
    }

    [Fact]
    public async Task A_model_sold_out_in_every_colour_offers_similar_products()
    {
        var reply = (await Say("Ботильоны Верона есть в наличии?")).Texts.Single();
        Assert.Contains("нет в наличии", reply);
        Assert.Contains("Ботильоны Рома", reply);
    }

    [Fact]
    public async Task An_unknown_product_gets_what_is_in_stock()
    {
        var reply = (await Say("Есть в наличии сапоги Белла?")).Texts.Single();
        Assert.Contains("Такой модели у нас нет", reply);
    }

    [Fact]
    public async Task A_question_is_answered_from_the_knowledge_base_with_a_citation()
    {
        var turn = await Say("Сколько стоит доставка курьером по Алматы?");
        Assert.Contains("1 500 ₸", turn.Texts.Single());
        Assert.StartsWith("delivery", turn.Knowledge!.Citations.Single());
        Assert.False(state.Handoff);
    }

    [Fact]
    public async Task A_question_the_knowledge_base_does_not_answer_hands_off_instead_of_guessing()
    {
        var turn = await Say("Можно оплатить биткоином?");
        Assert.Contains("уточню у менеджера", turn.Texts.Single());
        Assert.Equal("Можно оплатить биткоином?", turn.HandoffQuestion);
        Assert.True(state.Handoff);
    }

    [Fact]
    public async Task A_question_in_the_middle_of_an_order_is_answered_and_the_missing_detail_asked_again()
    {
        await Say("Хочу заказать кроссовки Соло 38");
        Assert.Equal(AwaitedDetail.City, state.Awaiting);
        var turn = await Say("А курьер подождёт, пока я примерю?");
        Assert.Equal(2, turn.Texts.Count);
        Assert.Contains("15 минут", turn.Texts[0]);
        Assert.Contains("В какой город", turn.Texts[1]);
    }

    [Fact]
    public async Task The_client_is_answered_in_their_language()
    {
        Assert.Contains("Який колір", (await Say("Хочу замовити лофери Милан")).Texts.Single());
        Assert.Equal("uk", state.Language);
    }

    [Fact]
    public async Task Think_it_over_gets_a_polite_reply_and_changes_nothing()
    {
        await Say("Хочу заказать лоферы Милан");
        var before = state;
        Assert.Contains("подумайте", (await Say("Я подумаю")).Texts.Single());
        Assert.Equal(before.Product, state.Product);
    }

    [Fact]
    public async Task A_photo_request_names_the_product_and_colour()
    {
        await Say("Лоферы Милан бежевые");
        var turn = await Say("Пришлите фото");
        Assert.Equal(("Лоферы Милан", "beige"), (turn.Photos!.Product, turn.Photos.Color));
    }
}
