using System.IO.Compression;
using System.Text;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace SdsLedger.Web.Tests;

/// <summary>
/// A subject access request answered from the web: the person's social worker downloads everything held about them (the
/// JSON with every field and the readable PDF, in one ZIP), and the download is in the audit trail; a worker whose
/// caseload the person is not on is asked for a reason first and gets nothing until they give one.
/// </summary>
public sealed class SubjectAccessTests(WebWorld world) : IClassFixture<WebWorld>
{
    private const string Exports = "SELECT count(*) FROM sds.audit_log WHERE action = 'PersonExport' AND actor = @Actor AND outcome = 'done'";

    [Fact]
    public async Task A_social_worker_downloads_everything_held_about_a_person_and_the_download_is_audited()
    {
        const string test = nameof(A_social_worker_downloads_everything_held_about_a_person_and_the_download_is_audited);
        await using (var beth = await Ui.OpenAsync(world, test + "-beth"))
        {
            await beth.SignInAsync(world, "sw-beth");
            await beth.GoAsync($"/people/{world.Ailsa}?handler=SubjectAccess", "reason-asked");
            (await beth.Page.TitleAsync()).Should().StartWith("Give a reason to open this record", "Ailsa is not on Beth's caseload");
            (await world.Scalar<long>(Exports, new { Actor = "Beth Social" })).Should().Be(0, "nothing is exported before a reason is given");
        }

        await using var anna = await Ui.OpenAsync(world, test + "-anna");
        await anna.SignInAsync(world, "sw-anna");
        await anna.GoAsync($"/people/{world.Ailsa}", "person");
        (await anna.MainTextAsync()).Should().Contain("Subject access request");
        var before = await world.Scalar<long>(Exports, new { Actor = "Anna Social" });

        var download = await anna.Page.RunAndWaitForDownloadAsync(() =>
            anna.Page.GetByRole(AriaRole.Link, new() { Name = "Download everything held about Ailsa Test (ZIP)" }).ClickAsync());

        download.SuggestedFilename.Should().Be("AILSA-1-subject-access.zip");
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(path);
        try
        {
            using var archive = ZipFile.OpenRead(path);
            archive.Entries.Select(e => e.Name).Should().BeEquivalentTo("AILSA-1-subject-access.json", "AILSA-1-subject-access.pdf");
            using (var json = new StreamReader(archive.GetEntry("AILSA-1-subject-access.json")!.Open(), Encoding.UTF8))
                (await json.ReadToEndAsync()).Should().Contain("AILSA-1").And.Contain("Ailsa Test").And.Contain("Swimming, ten sessions");
            var pdfBytes = new MemoryStream();
            await using (var pdf = archive.GetEntry("AILSA-1-subject-access.pdf")!.Open()) await pdf.CopyToAsync(pdfBytes);
            using var document = PdfDocument.Open(pdfBytes.ToArray());
            string.Join(" ", document.GetPages().Select(p => p.Text)).Should().Contain("Ailsa Test").And.Contain("AILSA-1");
        }
        finally
        {
            File.Delete(path);
        }
        (await world.Scalar<long>(Exports, new { Actor = "Anna Social" })).Should().Be(before + 1, "the export is in the audit trail");
    }
}
