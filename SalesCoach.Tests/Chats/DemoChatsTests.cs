using SalesCoach.Core.Chats;
using SalesCoach.Core.Demo;

namespace SalesCoach.Tests.Chats;

/// <summary>The demo's chats show each kind of advice the main job is meant to demonstrate.</summary>
public sealed class DemoChatsTests
{
    [Fact]
    public void Each_demo_chat_gets_the_advice_it_was_written_for()
    {
        var demo = DemoTeam.Build(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var advisor = new ChatAdvisor(ChatLexicon.Default);
        var hours = WorkingHours.Default("Europe/Moscow");
        var rules = demo.Chats.ToDictionary(c => c.Id, c =>
        {
            var messages = demo.Messages.Where(m => m.ChatId == c.Id).ToList();
            return advisor.Advise(ChatMetrics.Compute(c, messages, hours), messages).Select(a => a.Rule).ToList();
        });

        Assert.Empty(rules["demo-chat-1"]);
        Assert.Equal([ChatAdviceRule.ReplyFaster, ChatAdviceRule.AskClarifyingQuestions, ChatAdviceRule.GiveNextStep], rules["demo-chat-2"]);
        Assert.Equal([ChatAdviceRule.NoManagerReply, ChatAdviceRule.GiveNextStep], rules["demo-chat-3"]);
        Assert.Equal([ChatAdviceRule.FollowUp, ChatAdviceRule.GiveNextStep], rules["demo-chat-4"]);
    }
}
