using System.Text;
using SalesCoach.Core.Messaging;

namespace SalesCoach.Tests.Messaging;

public sealed class TelegramHtmlTests
{
    [Fact]
    public void Escape_replaces_the_characters_html_mode_reserves()
    {
        Assert.Equal("a &lt;b&gt; &amp; &quot;c&quot; 🔥", TelegramHtml.Escape("a <b> & \"c\" 🔥"));
    }

    [Fact]
    public void Short_text_is_one_part()
    {
        Assert.Equal(["<b>hi</b>"], TelegramHtml.Split("<b>hi</b>"));
    }

    [Fact]
    public void Long_text_is_split_at_line_breaks_into_parts_within_the_limit()
    {
        var lines = Enumerable.Range(1, 400).Select(i => $"<b>Line {i}</b> — some text here");
        var parts = TelegramHtml.Split(string.Join('\n', lines));
        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, TelegramHtml.MaxMessageLength));
        Assert.All(parts, p => Assert.StartsWith("<b>Line ", p, StringComparison.Ordinal));
        Assert.Equal(string.Join('\n', lines), string.Join('\n', parts));
    }

    [Fact]
    public void A_single_overlong_line_is_cut_with_tags_closed_and_reopened()
    {
        var html = "<b>" + new string('x', 9000) + "</b>";
        var parts = TelegramHtml.Split(html);
        Assert.Equal(3, parts.Count);
        Assert.All(parts, p =>
        {
            Assert.InRange(p.Length, 1, TelegramHtml.MaxMessageLength);
            Assert.StartsWith("<b>", p, StringComparison.Ordinal);
            Assert.EndsWith("</b>", p, StringComparison.Ordinal);
        });
        Assert.Equal(9000, parts.Sum(p => p.Length - "<b></b>".Length));
    }

    [Fact]
    public void Cuts_never_fall_inside_an_entity()
    {
        var html = string.Concat(Enumerable.Repeat("&amp;&lt;", 2000));
        var parts = TelegramHtml.Split(html);
        Assert.All(parts, p =>
        {
            Assert.True(p.LastIndexOf('&') < p.LastIndexOf(';'), "a part ends inside an entity");
            Assert.StartsWith("&", p, StringComparison.Ordinal);
        });
        Assert.Equal(html, string.Concat(parts));
    }

    [Fact]
    public void Cuts_never_split_an_emoji()
    {
        var html = string.Concat(Enumerable.Repeat("🔥", 5000));
        var parts = TelegramHtml.Split(html);
        Assert.All(parts, p =>
        {
            Assert.False(char.IsLowSurrogate(p[0]));
            Assert.False(char.IsHighSurrogate(p[^1]));
        });
        Assert.Equal(html, string.Concat(parts));
    }

    [Fact]
    public void Hostile_ten_thousand_character_note_escapes_and_splits_cleanly()
    {
        var note = new StringBuilder();
        while (note.Length < 10_000)
        {
            note.Append("<script>alert('x')</script> & 🔥 ");
        }
        var html = "<b>Заметка:</b> " + TelegramHtml.Escape(note.ToString());
        var parts = TelegramHtml.Split(html);
        Assert.All(parts, p =>
        {
            Assert.InRange(p.Length, 1, TelegramHtml.MaxMessageLength);
            Assert.DoesNotContain("<script>", p, StringComparison.Ordinal);
        });
    }
}
