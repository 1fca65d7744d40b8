using System.Text.Json;
using System.Text.Json.Nodes;
using SalesCoach.Core.Crm.RetailCrm;
using SalesCoach.Core.Platform;
using SalesCoach.Tests.Fakes;

namespace SalesCoach.Tests.Crm;

/// <summary>Reading single RetailCRM and MG items: what makes an item invalid, and what only means "none".</summary>
public sealed class RetailCrmMapperTests
{
    private static readonly RetailCrmMapper Mapper = new(new RetailCrmOptions(), FakeRetailCrmServer.AccountZone,
        new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new Dictionary<long, string> { [3114] = "rc-14" });

    private static JsonElement Element(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement;

    private static JsonObject FixtureOrder() => FakeRetailCrmServer.Fixture("retailcrm/orders-page1.json")["orders"]![0]!.DeepClone().AsObject();

    private static JsonObject FixtureMessage(long id) =>
        FakeRetailCrmServer.Fixture("mg/messages-chat-4127.json").AsArray().Single(m => m!["id"]!.GetValue<long>() == id)!.DeepClone().AsObject();

    [Fact]
    public void A_list_item_that_is_not_an_object_is_an_invalid_item_not_a_crash()
    {
        Assert.Throws<OutboundResponseException>(() => Mapper.Order(Element(JsonValue.Create(42))));
        Assert.Throws<OutboundResponseException>(() => Mapper.Message(Element(JsonValue.Create("text")), 4127));
    }

    [Fact]
    public void A_manager_or_dialog_reference_of_zero_or_null_means_none()
    {
        var order = FixtureOrder();
        order["managerId"] = 0;
        order["dialogId"] = null;

        var read = Mapper.Order(Element(order));

        Assert.Equal((RetailCrmMapper.UnassignedManagerId, (long?)null), (read.Deal.ManagerId, read.DialogId));
    }

    [Fact]
    public void A_message_of_another_chat_is_invalid()
    {
        Assert.Throws<OutboundResponseException>(() => Mapper.Message(Element(FixtureMessage(412702)), 4131));
    }

    [Fact]
    public void A_manager_message_with_a_non_numeric_external_id_is_invalid()
    {
        var message = FixtureMessage(412705);
        message["from"]!["external_id"] = "anna";

        Assert.Throws<OutboundResponseException>(() => Mapper.Message(Element(message), 4127));
    }

    [Fact]
    public void A_manager_message_with_an_empty_external_id_is_filed_by_its_mg_user()
    {
        var message = FixtureMessage(412705);
        message["from"]!["external_id"] = "";

        var read = Mapper.Message(Element(message), 4127);

        Assert.Equal("rc-14", read.Message.ManagerId);
        Assert.Equal(new MgUserFallback(3114, "Анна Соколова", "rc-14", true, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)), read.Fallback);
    }

    [Fact]
    public void The_dialog_of_a_message_is_read_for_the_order_link()
    {
        Assert.Equal(88101, Mapper.Message(Element(FixtureMessage(412701)), 4127).DialogId);
    }
}
