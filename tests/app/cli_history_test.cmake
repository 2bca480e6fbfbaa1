# hearth-cli history export and import against a database seeded by hearth-storage-writer
# under HEARTH_HOME: Markdown and JSON output, one conversation, importing an export back, and
# errors for bad input.
# Inputs: CLI, WRITER, WORK.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/data")
set(ENV{HEARTH_HOME} "${WORK}")

function(run_cli expected_code out_var)
    execute_process(COMMAND "${CLI}" history ${ARGN}
                    RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT code EQUAL expected_code)
        message(FATAL_ERROR "hearth-cli history ${ARGN}: exit ${code}, expected ${expected_code}\n${out}\n${err}")
    endif()
    if(expected_code EQUAL 0)
        set(${out_var} "${out}" PARENT_SCOPE)
    else()
        set(${out_var} "${err}" PARENT_SCOPE)
    endif()
endfunction()

# No database yet: an empty export, and no file created by reading.
run_cli(0 out export --json)
string(JSON count LENGTH "${out}" conversations)
if(NOT count EQUAL 0 OR EXISTS "${WORK}/data/hearth.db")
    message(FATAL_ERROR "export without a database: ${out}")
endif()

execute_process(COMMAND "${WRITER}" seed "${WORK}/data/hearth.db"
                RESULT_VARIABLE code OUTPUT_VARIABLE ids ERROR_VARIABLE err)
if(NOT code EQUAL 0)
    message(FATAL_ERROR "seeding failed: ${err}")
endif()
string(REGEX MATCH "^([0-9]+) ([0-9]+)" _ "${ids}")
set(greetings "${CMAKE_MATCH_1}")

run_cli(0 out export)
foreach(expected "# Greetings" "## User\n\nSay hello" "Hello there!" "# Second" "Ünïcode ✓"
                 "<summary>Reasoning</summary>")
    string(FIND "${out}" "${expected}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "Markdown export lacks '${expected}':\n${out}")
    endif()
endforeach()

run_cli(0 out export --json --conversation ${greetings})
file(WRITE "${WORK}/greetings.json" "${out}")
string(JSON format GET "${out}" format)
string(JSON count LENGTH "${out}" conversations)
string(JSON messages LENGTH "${out}" conversations 0 messages)
string(JSON title GET "${out}" conversations 0 title)
if(NOT format STREQUAL "hearth-history" OR NOT count EQUAL 1 OR NOT messages EQUAL 3
   OR NOT title STREQUAL "Greetings")
    message(FATAL_ERROR "JSON export of one conversation is wrong:\n${out}")
endif()

run_cli(1 out export --conversation 9999)
string(FIND "${out}" "there is no conversation 9999" at)
if(at EQUAL -1)
    message(FATAL_ERROR "missing conversation: ${out}")
endif()
# Importing the one-conversation export adds a copy with a new id.
run_cli(0 out import "${WORK}/greetings.json")
string(STRIP "${out}" copy)
if(NOT copy MATCHES "^[0-9]+$" OR copy EQUAL greetings)
    message(FATAL_ERROR "import printed '${out}', expected one new id")
endif()
run_cli(0 out export --json --conversation ${copy})
string(JSON title GET "${out}" conversations 0 title)
if(NOT title STREQUAL "Greetings")
    message(FATAL_ERROR "the imported copy is wrong:\n${out}")
endif()
# A file that is no export imports nothing and says why.
file(WRITE "${WORK}/notes.md" "# notes\n")
run_cli(1 out import "${WORK}/notes.md")
string(FIND "${out}" "notes.md: not valid JSON" at)
if(at EQUAL -1)
    message(FATAL_ERROR "bad import file: ${out}")
endif()
run_cli(0 out export --json)
string(JSON count LENGTH "${out}" conversations)
if(NOT count EQUAL 3)
    message(FATAL_ERROR "expected the two seeded conversations and one copy, got ${count}")
endif()

run_cli(2 out export --yaml)
run_cli(2 out import)
