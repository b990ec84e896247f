import { answerCommand } from '../../gate/answer-command.js';

export default answerCommand('deny');
