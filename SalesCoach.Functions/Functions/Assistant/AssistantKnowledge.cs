// Owns the knowledge-base endpoints: PUT /api/assistant/knowledge/{name} (upload and re-index) and GET /api/assistant/knowledge (the version in use).
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Assistant.Knowledge;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Assistant;

public sealed class UploadKnowledgeDocument(KnowledgeBase knowledge)
{
    public const int MaxBytes = 10 * 1024 * 1024;

    [Function(nameof(UploadKnowledgeDocument))]
    [ApiOperation("Uploads a knowledge-base document (.docx or Markdown .md, at most 10 MiB; the body is the file) and re-indexes: the answer lists every document with its chunk count or why it was skipped. A file that is not a readable .docx/.md or holds no text is a 400 and changes nothing. With the knowledge base on Azure AI Search, a key the service refuses is a 502 and the service unavailable after retries a 503 (the previous version stays in use).", Response = typeof(KnowledgeIndexReport))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "put", Route = "assistant/knowledge/{name}")] HttpRequest request, string name, CancellationToken cancellationToken)
    {
        var content = await RequestBody.ReadBytesAsync(request, MaxBytes, cancellationToken);
        return TypedResults.Ok(await knowledge.UploadAsync(name, content, cancellationToken));
    }
}

public sealed class GetKnowledgeIndex(KnowledgeBase knowledge)
{
    [Function(nameof(GetKnowledgeIndex))]
    [ApiOperation("The knowledge-base version the assistant answers from: when it was indexed, its documents and chunk counts, lexical or hybrid retrieval, the local or Azure AI Search retriever. Documents changed in the container since are indexed first.", Response = typeof(KnowledgeIndexReport))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "assistant/knowledge")] HttpRequest request, CancellationToken cancellationToken) =>
        await knowledge.CurrentAsync(cancellationToken) is { } report ? TypedResults.Ok(report) : TypedResults.Ok(await knowledge.ReindexAsync(cancellationToken));
}
