import QtQuick
import QtTest
import Hearth
import HearthCore

// The model library dialog over a real Library, with downloads and Hugging Face played by a
// server on 127.0.0.1: the catalog with a fit for each quantization, the models folder, a
// search that finds a repository and downloads its model, and a pasted link that is not
// https refused with the reason shown.
Item {
    width: 1000
    height: 760

    ModelsDialog {
        id: dialog
    }

    TestCase {
        name: "ModelsDialog"
        when: windowShown

        function findChild(item, name) {
            if (item.objectName === name) return item
            for (let i = 0; i < item.children.length; ++i) {
                const found = findChild(item.children[i], name)
                if (found) return found
            }
            return null
        }

        function test_catalogAndFolderAreShown() {
            dialog.open()
            tryCompare(dialog, "opened", true)
            compare(Library.catalog.length, 7)
            const small = Library.catalog[0]
            compare(small.id, "r1-distill-qwen-1.5b")
            verify(small.quantizations.length >= 3)
            verify(["fits", "tight", "does not fit"].indexOf(small.quantizations[0].fit) >= 0,
                   small.quantizations[0].fit)
            verify(Library.folder.endsWith("/data/models"), Library.folder)
            verify(Library.installed.length >= 0)
            const catalogList = findChild(dialog.contentItem, "catalogList")
            verify(catalogList !== null)
            compare(catalogList.count, 7)
            dialog.close()
        }

        function test_hubSearchFindsARepositoryAndDownloadsItsModel() {
            dialog.open()
            tryCompare(dialog, "opened", true)
            const field = findChild(dialog.contentItem, "hubField")
            const button = findChild(dialog.contentItem, "hubButton")
            field.text = "served"
            compare(button.text, "Search")
            button.clicked()
            const hubList = findChild(dialog.contentItem, "hubList")
            tryCompare(hubList, "count", 1)
            compare(Library.hubResults[0].repo, "hearth/served-GGUF")
            verify(Library.hubShown)  // in place of the catalog
            Library.searchHub(Library.hubResults[0].repo)  // its "Show models"
            tryCompare(Library, "hubRepo", "hearth/served-GGUF")
            compare(Library.hubResults.length, 1)
            compare(Library.hubResults[0].quant, "Q8_0")
            verify(Library.hubResults[0].hashed)
            verify(Library.downloadHubModel(0), Library.error)
            tryVerify(() => Library.installed.some(m => m.entry === "hub-model-Q8_0.gguf") ||
                            (Library.refresh(), false), 20000, "the model arrived")
            compare(Library.downloads.data(Library.downloads.index(0, 0), 259), "done")
            // Off the list (the file stays), for the download test after this one.
            Library.cancel(Library.downloads.data(Library.downloads.index(0, 0), 257))
            compare(Library.downloads.rowCount(), 0)
            Library.closeHub()
            verify(!Library.hubShown)
            field.text = "https://example.org/x.gguf"
            compare(button.text, "Download")
            field.text = ""
            dialog.close()
        }

        function test_zDownloadShowsInThePanelAndEndsVerified() {
            dialog.open()
            tryCompare(dialog, "opened", true)
            verify(Library.downloadUrl(testDownloadUrl), Library.error)
            const list = findChild(dialog.contentItem, "downloadList")
            verify(list !== null)
            tryCompare(list, "count", 1)
            tryVerify(() => Library.downloads.data(Library.downloads.index(0, 0), 259) === "done",
                      20000, "the download finished")
            // The row says it was verified; the model is in the folder.
            list.forceLayout()
            let shown = ""
            for (let i = 0; i < list.contentItem.children.length; ++i)
                shown += textOf(list.contentItem.children[i])
            verify(shown.indexOf("Done, verified") >= 0, shown)
            Library.refresh()
            verify(Library.installed.some(m => m.entry === "served.gguf"))
            dialog.close()
        }

        function textOf(item) {
            let text = item.text !== undefined ? String(item.text) : ""
            for (let i = 0; i < item.children.length; ++i) text += " " + textOf(item.children[i])
            return text
        }

        function test_aLinkThatIsNotHttpsIsRefused() {
            verify(!Library.downloadUrl("http://example.com/model.gguf"))
            verify(Library.error.indexOf("https") >= 0, Library.error)
            verify(!Library.downloadUrl("https://example.com/notes.txt"))
            compare(Library.downloads.rowCount(), 0)
        }
    }
}
