# hearth-cli run --chat, template and tokenize on a model with the R1-Distill-Qwen vocabulary and
# its chat template: the prompt is the template's rendering of one user turn, tokenized with its
# role and think tokens, and the output is split into reasoning and answer.
set(model "${WORK}/r1-chat.gguf")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${MAKE_MODEL}" "${model}" --vocab r1-distill-qwen --chat-template
                        "${TEMPLATE}" --layers 1 --hidden 64 --heads 2 --kv-heads 1 --ffn 64
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "could not write the test model (${rc}): ${err}")
endif()

# BOS, <｜User｜>, "Hi", <｜Assistant｜>, <think>, "\n": the R1 template's generation prompt.
execute_process(COMMAND "${CLI}" run "${model}" --chat --prompt Hi -n 4 --temp 0 --json
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "run --chat failed (${rc}): ${err}")
endif()
string(JSON prompt GET "${out}" prompt_tokens)
string(REGEX REPLACE "[ \n]" "" prompt "${prompt}")
if(NOT prompt STREQUAL "[151646,151644,13048,151645,151648,198]")
    message(FATAL_ERROR "run --chat: prompt tokens ${prompt}")
endif()
# The prompt opened <think>, so output with no </think> is all reasoning.
string(JSON answer GET "${out}" text)
string(JSON generated LENGTH "${out}" tokens)
if(generated GREATER 0 AND NOT answer STREQUAL "")
    execute_process(COMMAND "${CLI}" tokenize "${model}" --text "</think>" OUTPUT_VARIABLE close)
    string(STRIP "${close}" close)
    string(JSON tokens GET "${out}" tokens)
    string(FIND "${tokens}" "${close}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "an answer without </think> in the output: ${out}")
    endif()
endif()

# template prints that same prompt; tokenize gives the same ids for it.
file(WRITE "${WORK}/messages.json" "[{\"role\": \"user\", \"content\": \"Hi\"}]")
execute_process(COMMAND "${CLI}" template "${model}" --messages "${WORK}/messages.json"
                        --add-generation-prompt
                OUTPUT_VARIABLE rendered ERROR_VARIABLE err RESULT_VARIABLE rc)
set(expected "<｜begin▁of▁sentence｜><｜User｜>Hi<｜Assistant｜><think>\n")
if(NOT rc EQUAL 0 OR NOT rendered STREQUAL expected OR NOT err STREQUAL "")
    message(FATAL_ERROR "template: got (${rc}) '${rendered}' ${err}")
endif()
file(WRITE "${WORK}/prompt.txt" "${rendered}")
execute_process(COMMAND "${CLI}" tokenize "${model}" --file "${WORK}/prompt.txt" --json
                OUTPUT_VARIABLE ids RESULT_VARIABLE rc)
string(STRIP "${ids}" ids)
if(NOT rc EQUAL 0 OR NOT ids STREQUAL "${prompt}")
    message(FATAL_ERROR "tokenize of the rendered prompt: ${ids}, run --chat used ${prompt}")
endif()
# --no-special: the role markers are user-defined tokens (still whole), BOS is spelled out.
execute_process(COMMAND "${CLI}" tokenize "${model}" --file "${WORK}/prompt.txt" --no-special
                OUTPUT_VARIABLE plain)
string(REGEX MATCH "^151646 " bos "${plain}")
if(NOT bos STREQUAL "")
    message(FATAL_ERROR "tokenize --no-special still parsed BOS: ${plain}")
endif()
