# hearth-cli template on a random-weight test model, which carries no chat template: the
# built-in template of its family renders the messages, with a warning on stderr saying so;
# bad input is a one-line error with a non-zero exit code.
set(model "${WORK}/cli-template-model.gguf")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${MAKE_MODEL}" "${model}" --vocab bytes --layers 1 RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "could not write the test model: ${rc}")
endif()
set(messages "${WORK}/messages.json")
file(WRITE "${messages}"
     "[{\"role\": \"system\", \"content\": \"Be brief.\"},\n"
     " {\"role\": \"user\", \"content\": \"Hello, template\"}]\n")

execute_process(COMMAND "${CLI}" template "${model}" --messages "${messages}"
                        --add-generation-prompt
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "template failed (${rc}): ${err}")
endif()
if(NOT out MATCHES "Hello, template" OR NOT out MATCHES "Be brief\\.")
    message(FATAL_ERROR "template did not render the messages: ${out}")
endif()
if(NOT err MATCHES "warning: the model has no chat template; using the built-in [a-z0-9-]+ template")
    message(FATAL_ERROR "template: no fallback warning on stderr: ${err}")
endif()
# The generation prompt is there only when asked for.
execute_process(COMMAND "${CLI}" template "${model}" --messages "${messages}"
                OUTPUT_VARIABLE without RESULT_VARIABLE rc)
string(LENGTH "${out}" with_length)
string(LENGTH "${without}" without_length)
if(NOT rc EQUAL 0 OR NOT without_length LESS with_length)
    message(FATAL_ERROR "--add-generation-prompt made no difference: '${out}' / '${without}'")
endif()

function(expect_error what pattern)
    execute_process(COMMAND "${CLI}" ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err
                    RESULT_VARIABLE rc)
    string(STRIP "${err}" err)
    string(REGEX REPLACE "^hearth-cli template: warning: [^\n]*\n" "" err "${err}")
    string(FIND "${err}" "\n" newline)
    if(rc EQUAL 0 OR NOT err MATCHES "${pattern}" OR NOT newline EQUAL -1)
        message(FATAL_ERROR "${what}: expected a non-zero exit and one line matching "
                            "'${pattern}', got ${rc}: ${err}")
    endif()
endfunction()

file(WRITE "${WORK}/not-json.json" "[{\"role\": ")
file(WRITE "${WORK}/not-a-list.json" "{\"role\": \"user\"}")
expect_error("messages that are not JSON" "not valid JSON"
             template "${model}" --messages "${WORK}/not-json.json")
expect_error("messages that are not a list" "JSON array"
             template "${model}" --messages "${WORK}/not-a-list.json")
expect_error("a missing messages file" "cannot read"
             template "${model}" --messages "${WORK}/no-such-file.json")
expect_error("no --messages" "usage" template "${model}")
