// Owns chat analytics settings and building the report for a period, for everyone or one team.
using SalesCoach.Core.Deals;
using SalesCoach.Core.Managers;
using SalesCoach.Core.Platform;

namespace SalesCoach.Core.Chats;

/// <summary>Chat analytics settings ("Chats" section): the team's working window and time zone (seed 002).</summary>
public sealed record ChatAnalyticsOptions
{
    public string TimeZone { get; init; } = "Europe/Moscow";
    public TimeOnly WorkStart { get; init; } = new(10, 0);
    public TimeOnly WorkEnd { get; init; } = new(23, 0);
    /// <summary>A first response slower than this (in working time) is "slow" (seed 002: 10 minutes).</summary>
    public int SlowFirstResponseMinutes { get; init; } = 10;
    /// <summary>Local hour at which the daily report (and on Mondays the weekly digest) goes out.</summary>
    public int ReportHour { get; init; } = 9;
    /// <summary>Telegram chat of the team lead or team group for the team view; none → managers only.</summary>
    public long? TeamChatId { get; init; }
    /// <summary>Per-team Telegram chats for the team view (team name → chat id); TeamChatId serves teams not listed.</summary>
    public Dictionary<string, long> TeamChats { get; init; } = [];
    /// <summary>Per-team working windows ("09:00-21:00"); WorkStart–WorkEnd serves teams not listed.</summary>
    public Dictionary<string, string> TeamHours { get; init; } = [];
}

/// <summary>
/// The seed-002 data mart for [from, to): every chat with activity in the period, its messages in the
/// period, metrics, advice and SPIN, aggregated per manager and channel, with improvement plans.
/// </summary>
public sealed class BuildChatReport(ChatRepository chats, ManagerRepository managers, ChatAnalyticsOptions options, ISpinClassifier? classifier = null)
{
    public const int MaxDays = 366;

    public async Task<ChatReport> RunAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var analysed = await AnalyseAsync(from, to, cancellationToken).ConfigureAwait(false);
        var names = (await managers.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(m => m.Id, m => m.Name, StringComparer.Ordinal);
        return ChatReportTables.Build(from, to, analysed, names, new SpinImprovementPlanner(ChatLexicon.Default)) with { TimeZone = options.TimeZone };
    }

    /// <summary>
    /// The report as the API names it: <paramref name="from"/> and <paramref name="to"/> as <see cref="ChatPeriod"/>
    /// reads them, in the team's zone when <paramref name="team"/> is given (only its managers, in its window),
    /// else in Chats:TimeZone.
    /// </summary>
    public async Task<ChatReport> RunAsync(string? from, string? to, string? team, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (team is null)
        {
            var period = ChatPeriod.Parse(from, to, Hours.Zone, now);
            return await RunAsync(period.From, period.To, cancellationToken).ConfigureAwait(false) with { TimeZone = period.Zone.Id };
        }
        var members = await MembersAsync(Keys.RequireId(team, "team"), cancellationToken).ConfigureAwait(false);
        var teamPeriod = ChatPeriod.Parse(from, to, TimeZones.Find(TeamZone(members)), now);
        return await RunForTeamAsync(team, members, teamPeriod.From, teamPeriod.To, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every chat with messages in [from, to), with its metrics, advice and SPIN counts.</summary>
    public async Task<IReadOnlyList<ChatReportTables.AnalysedChat>> AnalyseAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await AnalyseAsync(from, to, Hours, _ => true, cancellationToken).ConfigureAwait(false);

    /// <summary>The chats that <paramref name="include"/> accepts, measured in <paramref name="workingHours"/> (a team's own zone).</summary>
    public async Task<IReadOnlyList<ChatReportTables.AnalysedChat>> AnalyseAsync(DateTimeOffset from, DateTimeOffset to, WorkingHours workingHours, Func<Chat, bool> include, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workingHours);
        ArgumentNullException.ThrowIfNull(include);
        if (to <= from)
        {
            throw new InputValidationException("to", "'to' must be after 'from'.");
        }
        if (to - from > TimeSpan.FromDays(MaxDays))
        {
            throw new InputValidationException("from", $"The period is longer than {MaxDays} days.");
        }
        var analysed = new List<ChatReportTables.AnalysedChat>();
        await foreach (var chat in ReadAsync(from, to, workingHours, include, cancellationToken).ConfigureAwait(false))
        {
            analysed.Add(chat);
        }
        return classifier is null or LexiconSpinClassifier ? analysed : await ReclassifyAsync(analysed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Chats analysed together on a worker while the next ones are read.</summary>
    public const int AnalysisBatch = 64;

    /// <summary>
    /// The chats <paramref name="include"/> accepts with non-system messages in [from, to), one at a time in
    /// chat id order, each with its metrics, advice and lexicon SPIN counts: the period is read once, page by
    /// page (<see cref="ChatRepository.ReadPeriodAsync"/>), and the chats read are analysed in batches of
    /// <see cref="AnalysisBatch"/> on a worker (<see cref="ChatAnalyser"/>) while reading goes on, so
    /// only a few batches are held at a time.
    /// </summary>
    public async IAsyncEnumerable<ChatReportTables.AnalysedChat> ReadAsync(DateTimeOffset from, DateTimeOffset to, WorkingHours workingHours, Func<Chat, bool> include,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workingHours);
        ArgumentNullException.ThrowIfNull(include);
        var analyser = new ChatAnalyser(ChatLexicon.Default, workingHours, TimeSpan.FromMinutes(options.SlowFirstResponseMinutes));
        var worker = analyser.Worker();
        var batch = new List<(Chat, IReadOnlyList<ChatMessage>)>(AnalysisBatch);
        await foreach (var (chat, messages) in chats.ReadPeriodAsync(from, to, cancellationToken).ConfigureAwait(false))
        {
            if (!include(chat))
            {
                continue;
            }
            batch.Add((chat, messages));
            if (batch.Count == AnalysisBatch)
            {
                foreach (var done in await worker.PostAsync(batch, cancellationToken).ConfigureAwait(false))
                {
                    foreach (var analysed in done)
                    {
                        yield return analysed;
                    }
                }
                batch = new(AnalysisBatch);
            }
        }
        var rest = batch.Count > 0 ? await worker.PostAsync(batch, cancellationToken).ConfigureAwait(false) : [];
        foreach (var done in rest.Concat(await worker.DrainAsync().ConfigureAwait(false)))
        {
            foreach (var analysed in done)
            {
                yield return analysed;
            }
        }
    }

    /// <summary>With an LLM classifier configured, the managers' questions get its labels (the lexicon already found which texts are questions).</summary>
    private async Task<IReadOnlyList<ChatReportTables.AnalysedChat>> ReclassifyAsync(List<ChatReportTables.AnalysedChat> analysed, CancellationToken cancellationToken)
    {
        var questions = analysed.SelectMany(c => c.Messages)
            .Where(m => m.Direction == Direction.Outbound && ChatLexicon.Default.IsQuestion(m.Text))
            .Select(m => m.Text!).Distinct(StringComparer.Ordinal).ToList();
        var labels = await classifier!.ClassifyAsync(questions, cancellationToken).ConfigureAwait(false);
        var byText = questions.Zip(labels).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        return analysed.Select(c => c with
        {
            Spin = c.Messages.Where(m => m.Direction == Direction.Outbound && m.Text is not null && byText.ContainsKey(m.Text))
                .Select(m => byText[m.Text!]).Where(t => t is not null)
                .Aggregate(SpinCounts.None, (sum, t) => sum.Add(t!.Value)),
        }).ToList();
    }

    public WorkingHours Hours => HoursIn(options.TimeZone);

    public WorkingHours HoursIn(string timeZone) => new(options.WorkStart, options.WorkEnd, timeZone);

    /// <summary>A team's window (Chats:TeamHours:&lt;team&gt;, else the default) in the given zone.</summary>
    public WorkingHours HoursFor(string team, string timeZone)
    {
        if (!options.TeamHours.TryGetValue(team, out var window))
        {
            return HoursIn(timeZone);
        }
        var parts = window.Split('-', StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && TimeOnly.TryParseExact(parts[0], "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var start)
            && TimeOnly.TryParseExact(parts[1], "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var end)
            ? new WorkingHours(start, end, timeZone)
            : throw new InvalidOperationException($"Setting Chats__TeamHours__{team} = '{window}' is not a window like 09:00-21:00.");
    }

    /// <summary>One team's data mart: its managers' chats, in the team's zone and window.</summary>
    public async Task<ChatReport> RunForTeamAsync(string team, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await RunForTeamAsync(team, await MembersAsync(team, cancellationToken).ConfigureAwait(false), from, to, cancellationToken).ConfigureAwait(false);

    private async Task<ChatReport> RunForTeamAsync(string team, IReadOnlyList<Manager> members, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var zone = TeamZone(members);
        var ids = members.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var analysed = await AnalyseAsync(from, to, HoursFor(team, zone), chat => chat.ManagerId is not null && ids.Contains(chat.ManagerId), cancellationToken).ConfigureAwait(false);
        return ChatReportTables.Build(from, to, analysed, members.ToDictionary(m => m.Id, m => m.Name, StringComparer.Ordinal), new SpinImprovementPlanner(ChatLexicon.Default)) with { TimeZone = zone };
    }

    private async Task<IReadOnlyList<Manager>> MembersAsync(string team, CancellationToken cancellationToken)
    {
        var members = (await managers.ListAsync(cancellationToken).ConfigureAwait(false)).Where(m => m.Team == team).ToList();
        return members.Count > 0 ? members : throw new NotFoundException("Team", team);
    }

    /// <summary>The zone most of a team's managers are in (Chats:TimeZone when none is known).</summary>
    public string TeamZone(IEnumerable<Manager> members) =>
        members.Select(m => m.TimeZone).Where(TimeZones.IsKnown).GroupBy(z => z).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).FirstOrDefault() ?? options.TimeZone;
}
