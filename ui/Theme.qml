pragma Singleton
import QtQuick
import HearthCore

// Colours for light and dark, following the system palette (a dark window colour means a dark
// theme) unless the user chose one (Appearance), and the sizes derived from the system font so
// text scales with it.
QtObject {
    readonly property SystemPalette system: SystemPalette { colorGroup: SystemPalette.Active }
    readonly property bool dark: Appearance.theme === "dark"
                                 || (Appearance.theme === "system" && system.window.hslLightness < 0.5)

    readonly property color window: dark ? "#1c1917" : "#faf8f5"
    readonly property color sidebar: dark ? "#141211" : "#f3efe9"
    readonly property color surface: dark ? "#292524" : "#ffffff"
    readonly property color userBubble: dark ? "#3a2a20" : "#fbe9dc"
    readonly property color text: dark ? "#f5f5f4" : "#1c1917"
    readonly property color mutedText: dark ? "#a8a29e" : "#57534e"
    readonly property color faintText: dark ? "#78716c" : "#a8a29e"
    readonly property color accent: dark ? "#fb923c" : "#c2410c"
    readonly property color accentText: "#ffffff"
    readonly property color border: dark ? "#44403c" : "#e7e5e4"
    readonly property color selection: dark ? "#3f2d22" : "#fde7d6"
    readonly property color codeBackground: dark ? "#0c0a09" : "#f5f5f4"
    readonly property color danger: dark ? "#f87171" : "#b91c1c"
    readonly property color link: dark ? "#fdba74" : "#c2410c"
    onLinkChanged: Appearance.useLinkColor(link)
    Component.onCompleted: Appearance.useLinkColor(link)

    readonly property real fontSize: Qt.application.font.pixelSize > 0 ? Qt.application.font.pixelSize : 14
    readonly property string monospace: "monospace"
    readonly property int radius: 10
}
