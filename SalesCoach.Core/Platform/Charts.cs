// Owns drawing charts as PNG (ScottPlot on Skia) for messages that carry a picture; it knows no capability's data.
using ScottPlot;
using SkiaSharp;

namespace SalesCoach.Core.Platform;

/// <summary>One named row of values, one per category; a reference series (a target) is drawn in grey.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values, bool Reference = false);

/// <summary>A grouped bar chart: categories along the bottom, one bar per series in each.</summary>
public sealed record BarChart(string Title, string ValueLabel, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series, bool WholeNumbers = false, bool Percent = false);

public static class Charts
{
    public const int Width = 900;
    public const int PanelHeight = 380;

    /// <summary>One or more charts stacked into one PNG (one picture per message).</summary>
    public static byte[] Png(params BarChart[] charts)
    {
        ArgumentNullException.ThrowIfNull(charts);
        if (charts.Length == 0)
        {
            throw new ArgumentException("At least one chart.", nameof(charts));
        }
        using var surface = SKSurface.Create(new SKImageInfo(Width, PanelHeight * charts.Length));
        surface.Canvas.Clear(SKColors.White);
        for (var i = 0; i < charts.Length; i++)
        {
            using var panel = SKImage.FromEncodedData(Draw(charts[i]).GetImageBytes(Width, PanelHeight, ImageFormat.Png));
            surface.Canvas.DrawImage(panel, 0, PanelHeight * i);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static Plot Draw(BarChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var plot = new Plot();
        // Picks an installed font that has the text's letters (Cyrillic names and titles).
        plot.Font.Automatic();
        var groups = chart.Series.Count;
        var bars = new List<Bar>();
        var palette = new ScottPlot.Palettes.Category10();
        var colour = 0;
        foreach (var (series, s) in chart.Series.Select((series, s) => (series, s)))
        {
            var fill = series.Reference ? Colors.Gray.WithAlpha(0.55) : palette.GetColor(colour++);
            for (var c = 0; c < chart.Categories.Count; c++)
            {
                var value = c < series.Values.Count ? series.Values[c] : 0;
                bars.Add(new Bar
                {
                    Position = c * (groups + 1) + s,
                    Value = chart.Percent ? value * 100 : value,
                    FillColor = fill,
                    LineWidth = 0,
                });
            }
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series.Name, FillColor = fill });
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(
            chart.Categories.Select((_, c) => c * (groups + 1) + (groups - 1) / 2.0).ToArray(),
            chart.Categories.ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.Label.Text = chart.Percent ? chart.ValueLabel + ", %" : chart.ValueLabel;
        if (chart.WholeNumbers)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        }
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Title(chart.Title);
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.ShowLegend();
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        return plot;
    }
}
