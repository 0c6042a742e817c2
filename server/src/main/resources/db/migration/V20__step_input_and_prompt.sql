-- What a step read, for the monitor's node inspector. `input` (a column since V5, unused until now)
-- holds the execution's input and the outputs of the completed nodes upstream of the step
-- ({input, steps: {node_id: output}}), written when the step (re)starts; `prompt` holds what an
-- agent_call node sent its agents ([{role, content, agent_slug?}]), written with the attempt's
-- outcome, null for other nodes. Both come from the input and upstream outputs (and the agents'
-- system prompts) only, never from secrets.
ALTER TABLE pipeline_steps ADD COLUMN prompt jsonb;
