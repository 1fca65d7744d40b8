// Owns the weekly digest's pictures: how fast each manager answered first, and their SPIN mix against the plan's.
using System.Globalization;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Chats;

/// <summary>One manager's week for the charts: the first response of each chat (in working hours) and the SPIN questions asked.</summary>
public sealed record ManagerChatWeek(string Name, IReadOnlyList<TimeSpan> FirstResponses, SpinCounts Spin);

public static class ChatDigestCharts
{
    /// <summary>First-response buckets (upper bounds in minutes); the last is open-ended.</summary>
    public static readonly IReadOnlyList<(string Label, double UpToMinutes)> Buckets =
        [("≤ 5 мин", 5), ("5–15", 15), ("15–30", 30), ("30–60", 60), ("1–4 ч", 240), ("> 4 ч", double.PositiveInfinity)];

    private static readonly SpinType[] SpinOrder = [SpinType.Situation, SpinType.Problem, SpinType.Implication, SpinType.NeedPayoff];
    private static readonly string[] SpinNames = ["Ситуационные", "Проблемные", "Извлекающие", "Направляющие"];

    /// <summary>The digest's picture: the first-response distribution per manager above the SPIN mix per manager and the plan's.</summary>
    public static byte[] Png(string period, IReadOnlyList<ManagerChatWeek> managers) =>
        Charts.Png(FirstResponses(period, managers), SpinMix(managers));

    public static BarChart FirstResponses(string period, IReadOnlyList<ManagerChatWeek> managers)
    {
        ArgumentNullException.ThrowIfNull(managers);
        return new BarChart($"Первый ответ в рабочее время · {period}", "чатов", Buckets.Select(b => b.Label).ToList(),
            managers.Select(m => new ChartSeries(m.Name, Distribution(m.FirstResponses).Select(c => (double)c).ToList())).ToList(), WholeNumbers: true);
    }

    public static BarChart SpinMix(IReadOnlyList<ManagerChatWeek> managers)
    {
        ArgumentNullException.ThrowIfNull(managers);
        var plan = new ChartSeries("План", SpinOrder.Select(t => SpinImprovementPlanner.TargetMix[t]).ToList(), Reference: true);
        return new BarChart("Вопросы SPIN: доля каждого типа против плана", "доля", SpinNames,
            [plan, .. managers.Select(m => new ChartSeries(
                string.Create(CultureInfo.InvariantCulture, $"{m.Name} ({m.Spin.Total})"), SpinOrder.Select(t => m.Spin.Share(t)).ToList()))], Percent: true);
    }

    /// <summary>How many first responses fell in each bucket.</summary>
    public static IReadOnlyList<int> Distribution(IEnumerable<TimeSpan> firstResponses)
    {
        ArgumentNullException.ThrowIfNull(firstResponses);
        var counts = new int[Buckets.Count];
        foreach (var response in firstResponses)
        {
            var index = 0;
            while (response.TotalMinutes > Buckets[index].UpToMinutes)
            {
                index++;
            }
            counts[index]++;
        }
        return counts;
    }
}
