import QtQuick
import QtTest
import Hearth
import HearthCore

// Adding a model file to the library, as a drop on the window does: the copy with its banner,
// and a file that is no model refused with the reason shown.
Item {
    width: 800
    height: 200

    ImportBanner {
        id: banner
        width: 800
    }
    SignalSpy {
        id: imported
        target: ModelImporter
        signalName: "imported"
    }

    TestCase {
        name: "ModelImport"
        when: windowShown

        function test_aModelIsCopiedIntoTheLibrary() {
            verify(ModelImporter.start("file://" + testModelPath))
            verify(ModelImporter.busy)
            verify(banner.visible)
            verify(!ModelImporter.start("file://" + testModelPath))  // one at a time
            imported.wait(20000)
            const path = imported.signalArguments[0][0]
            verify(path.endsWith("/home/data/models/tiny.gguf"), path)
            compare(ModelImporter.error, "")
            compare(ModelImporter.progress, 1)
            verify(!banner.visible)
        }

        function test_aFileThatIsNoModelShowsWhy() {
            imported.clear()
            verify(ModelImporter.start("file://" + testNotAModelPath))
            tryCompare(ModelImporter, "busy", false, 20000)
            compare(imported.count, 0)
            verify(ModelImporter.error.indexOf("notes.gguf") >= 0, ModelImporter.error)
            verify(banner.visible)
            ModelImporter.clearError()
            verify(!banner.visible)
        }
    }
}
