-- What a step read, for the monitor's node inspector. `input` (a column since V5, unused until now)
-- holds the execution's input and the outputs of the steps it reads ({input, steps: {node_id:
-- output}}: those its templates reference, or all upstream without one), written when it (re)starts; `prompt` holds what an
-- agent_call node sent its agents ([{role, content, agent_slug?}]), written with the attempt's
-- outcome, null for other nodes. Both come from the input and upstream outputs (and the agents'
-- system prompts) only, never from secrets.
ALTER TABLE pipeline_steps ADD COLUMN prompt jsonb;
