// Owns the tests of reading knowledge-base documents: .docx headings, tables and paragraphs; Markdown; broken files.
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SalesCoach.Core.Assistant.Knowledge;

namespace SalesCoach.Tests.Assistant;

public sealed class KnowledgeDocumentTests
{
    /// <summary>A .docx with a "Heading1" paragraph, body paragraphs and a table, as Word writes them.</summary>
    public static byte[] Docx(string heading, IEnumerable<string> paragraphs, IEnumerable<string[]>? rows = null)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body());
            var body = main.Document.Body!;
            body.Append(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }), new Run(new Text(heading))));
            foreach (var text in paragraphs)
            {
                body.Append(new Paragraph(new Run(new Text(text))));
            }
            if (rows is not null)
            {
                var table = new Table();
                foreach (var row in rows)
                {
                    table.Append(new TableRow(row.Select(c => new TableCell(new Paragraph(new Run(new Text(c)))))));
                }
                body.Append(table);
            }
            main.Document.Save();
        }
        return stream.ToArray();
    }

    [Fact]
    public void A_docx_is_cut_into_chunks_under_its_headings_with_table_rows_as_lines()
    {
        var bytes = Docx("Доставка по городу", ["Курьер привозит заказ на следующий день.", "Перед выездом курьер звонит."], [["Алматы", "1 500 ₸"], ["Астана", "2 000 ₸"]]);
        var chunk = Assert.Single(KnowledgeChunker.Chunk("delivery.docx", bytes));
        Assert.Equal("Доставка по городу", chunk.Heading);
        Assert.Contains("Курьер привозит заказ на следующий день.", chunk.Text);
        Assert.Contains("Алматы — 1 500 ₸", chunk.Text);
    }

    [Fact]
    public void A_long_section_becomes_several_chunks_each_keeping_the_heading()
    {
        var paragraphs = Enumerable.Range(1, 12).Select(i => $"Правило {i}: " + string.Concat(Enumerable.Repeat("обувь возвращается в коробке с бирками. ", 3))).ToList();
        var chunks = KnowledgeChunker.Chunk("returns.docx", Docx("Возврат", paragraphs));
        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.Equal("Возврат", c.Heading));
        Assert.All(chunks, c => Assert.True(c.Text.Length <= KnowledgeChunker.MaxChunkChars));
    }

    [Fact]
    public void A_file_that_is_not_a_docx_is_refused_as_unreadable()
    {
        Assert.Throws<InvalidDataException>(() => KnowledgeChunker.Chunk("broken.docx", "not a zip"u8.ToArray()));
    }
}
